/**
 * Ports: everything outside the process that the core needs. Adapters implement them per technology
 * (postgres/, s3/, sqs/, gemini/, images/, offline/, aws/); tests implement them with strict in-memory
 * fakes.
 */
import type {
  AttemptFence,
  ComparablePhoto,
  GalleryAlbum,
  Job,
  JobResult,
  LibraryPhoto,
  OrganizerKind,
  Photo,
  Place,
  RejectedPhoto,
  TokenUsage,
  TrashedPhoto,
  User,
} from './model.ts';
import type { DateSource } from './photo-date.ts';
import type { CameraSettings, CoarseLocation, PhotoDescription } from './photo-details.ts';
import type { ProgressEvent } from './progress-events.ts';
import type { SearchFilterChoices, SearchFilters } from './search.ts';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  uuid(): string;
}

export interface UserRepository {
  /**
   * Returns the user for an identity-provider subject, creating it on first sight; `displayName` (what
   * other users see of them: a username or an email address) is recorded when given.
   */
  ensure(subject: string, displayName?: string | null): Promise<User>;
}

export interface NewPhoto {
  id: string;
  ownerId: string;
  storageKey: string;
  originalFilename: string;
  contentType: string;
  sizeBytes: number;
  /** The file's last-modified time from the uploading browser, as wall clock (optional, a last resort). */
  fileModifiedAt?: Date | null;
  /** The SHA-256 (hex) the uploader announced; ingest rejects bytes that do not match it. */
  declaredSha256?: string | null;
}

/** A photo already in the owner's library, found by the SHA-256 of its bytes. */
export interface LibraryCopy {
  imageId: string;
  storageKey: string;
  originalFilename: string;
  sha256: string;
  /** Organized into albums (`ready`); otherwise read by ingest and waiting to be organized. */
  organized: boolean;
}

/**
 * What recording an ingested photo did: `recorded`; or `duplicate`, when another photo of the owner
 * (not in the Trash, read or organized) already has the same bytes: the photo is rejected instead.
 */
export type RecordIngestedOutcome =
  | { kind: 'recorded' }
  | { kind: 'duplicate'; original: { imageId: string; originalFilename: string } };

/** What the worker learned about a photo it could read. */
export interface PhotoAnalysis {
  imageId: string;
  previewKey: string;
  thumbnailKey: string;
  width: number;
  height: number;
  takenAt: Date | null;
  place: Place | null;
}

/** What ingest learned about a photo and where it put the renditions. */
export interface IngestedPhoto extends PhotoDetails {
  imageId: string;
  previewKey: string;
  thumbnailKey: string;
  modelKey: string;
  width: number;
  height: number;
  takenAt: Date | null;
  takenAtSource: DateSource | null;
  place: Place | null;
  sha256: string;
  perceptualHash: string;
  look: number[];
}

export interface PhotoRepository {
  addAwaitingUpload(photos: NewPhoto[]): Promise<void>;
  /** The photo whose original lives at `storageKey` (keys are unique), whoever owns it. */
  findByStorageKey(storageKey: string): Promise<Photo | null>;
  /**
   * Records what ingest read: `analyzed` (an organized photo stays `ready`, with its renditions
   * refreshed). A photo not yet organized whose bytes another of the owner's photos (not trashed,
   * `analyzed` or `ready`) already has is rejected instead, with `duplicateReason(original)`: one
   * transaction that holds the owner's hash, so of two copies recorded at once the first one wins.
   */
  recordIngested(photo: IngestedPhoto): Promise<RecordIngestedOutcome>;
  /** false: nothing changed (no such photo, or it is organized and keeps its state). */
  recordIngestRejected(imageId: string, reason: string): Promise<boolean>;
  /**
   * The owner's photos (not in the Trash, `analyzed` or `ready`) whose bytes have one of these SHA-256
   * hashes, in one query: one per hash, the organized one first, then the oldest.
   */
  findLibraryCopies(ownerId: string, sha256s: readonly string[]): Promise<LibraryCopy[]>;
  /** The caller's photos among `keys`; keys that are unknown or someone else's are simply absent. */
  findOwnedByKeys(ownerId: string, keys: string[]): Promise<Photo[]>;
  /**
   * Deletes the records of photos never organized (never uploaded, or uploaded and abandoned — read by
   * ingest or not — or rejected) created before `cutoff`, unless a pending or running job still names
   * them. Returns the storage keys of the originals it forgot.
   */
  purgeUnorganized(cutoff: Date): Promise<string[]>;
  /**
   * Up to `limit` photos (`analyzed` or `ready`, in the Trash too) whose details were never read
   * (read before ingest kept camera settings and locations), by id, after `afterId` when given.
   */
  listDetailsUnread(limit: number, afterId?: string): Promise<Photo[]>;
  /**
   * Records the details read again from the original (null when it could not be: the original is
   * gone; a null camera keeps the one known) and marks them read; an organized photo without a
   * description gets `description` (the offline one). A photo whose details were read meanwhile (by
   * ingest) is left as it is.
   */
  recordDetailsRead(
    imageId: string,
    details: PhotoDetails | null,
    description: PhotoDescription,
  ): Promise<void>;
}

/** How a photo was taken, as its original says: read by ingest, or again for photos read before. */
export interface PhotoDetails {
  /** "Make Model" for display, without the make twice. */
  camera: string | null;
  settings: CameraSettings;
  /** The GPS fix rounded to about 100 m (coarseLocation): the exact one is never stored. */
  location: CoarseLocation | null;
}

/** Reads a photo's details from its original's metadata alone (no decoding: cheap). */
export interface PhotoDetailsReader {
  /** The exact GPS fix goes no further than the caller, which rounds it (coarseLocation). */
  read(bytes: Uint8Array): Promise<{
    camera: string | null;
    settings: CameraSettings;
    gps: { latitude: number; longitude: number } | null;
  }>;
}

export interface NewJob {
  id: string;
  ownerId: string;
  imageKeys: string[];
  idempotencyKey: string | null;
}

export type ClaimOutcome =
  | { kind: 'claimed'; job: Job }
  | { kind: 'missing' }
  | { kind: 'finished'; job: Job }
  /** Another worker holds a live lease on the job. */
  | { kind: 'busy'; job: Job }
  /** The job used up its attempts and has just been marked failed. */
  | { kind: 'exhausted'; job: Job };

export interface ClaimPolicy {
  /** A `processing` job whose lease is older than this is considered abandoned and can be reclaimed. */
  leaseSeconds: number;
  maxAttempts: number;
}

export interface PlannedAlbumRecord {
  /** A new album's id, or the id of the existing album the photos join (see `joins`). */
  id: string;
  /** The photos join this existing album of the owner (its title and description stay as they are). */
  joins?: boolean;
  title: string;
  themeDescription: string;
  coverImageId: string;
  imageIds: string[];
}

/** What the organizing says one photo is about: kept with the photo (images.caption, tags, description_source). */
export interface PhotoDescriptionRecord extends PhotoDescription {
  imageId: string;
}

export interface JobOutcome {
  analyses: PhotoAnalysis[];
  rejected: RejectedPhoto[];
  albums: PlannedAlbumRecord[];
  /**
   * What each organized photo is about, replacing what an earlier organizing said; absent, the photos'
   * descriptions are left as they are.
   */
  descriptions?: readonly PhotoDescriptionRecord[];
  result: JobResult;
}

export type RetryOutcome =
  | { kind: 'reset'; job: Job }
  | { kind: 'missing' }
  | { kind: 'not_failed'; job: Job };

export type UndoOutcome =
  | { kind: 'undone'; job: Job }
  | { kind: 'missing' }
  | { kind: 'not_completed'; job: Job }
  /** It finished before `notBefore`: too long ago to undo. */
  | { kind: 'expired'; job: Job };

export interface JobRepository {
  /** Creates the job, or returns the caller's existing job with the same idempotency key. */
  create(job: NewJob): Promise<{ job: Job; created: boolean }>;
  findOwned(ownerId: string, jobId: string): Promise<Job | null>;
  /** For the worker, which is handed only a job id. */
  findById(jobId: string): Promise<Job | null>;
  /** Atomically moves a job to `processing` for one attempt; see ClaimOutcome. */
  /**
   * Takes a pending job, or a `processing` one whose lease expired or that `claimant` (the queue
   * message being delivered) already held: SQS delivers a message to one consumer at a time, so an
   * earlier delivery of the same message has ended, even if it could not release the job.
   */
  claim(jobId: string, policy: ClaimPolicy, claimant?: string): Promise<ClaimOutcome>;
  /**
   * In ONE transaction: records photo analyses and rejections, replaces the job's albums (new ones, and
   * photos joining existing ones) and marks it completed, its result counting what was written.
   * Returns false (and writes nothing) when `attempt` no longer holds the job.
   */
  complete(jobId: string, attempt: AttemptFence, outcome: JobOutcome): Promise<boolean>;
  /** Marks the job failed for good (only if `attempt` still holds it). */
  fail(jobId: string, attempt: AttemptFence, error: string, rejected: RejectedPhoto[]): Promise<boolean>;
  /** Hands a claimed job back to `pending` after a transient fault, so a redelivery can take it. */
  release(jobId: string, attempt: AttemptFence, error: string): Promise<void>;
  /**
   * In ONE transaction: takes the photos the caller's completed job placed out of every album (covers
   * and orders repaired), deletes the albums it made that nothing else holds (no other photo, no title
   * or description the user wrote; those stay, the user's) and marks it undone; its photos stay in the
   * library. Undoing an undone job changes nothing and answers `undone`. The captions and tags it gave
   * its photos stay: they describe the photos, not the albums, and only a later organizing replaces them.
   */
  undo(ownerId: string, jobId: string, notBefore: Date): Promise<UndoOutcome>;
  /** Moves the caller's `failed` job back to `pending` with fresh attempts, for a retry. */
  resetFailed(ownerId: string, jobId: string): Promise<RetryOutcome>;
}

export interface GalleryRepository {
  /** Every album of the owner with its photos in display order, in a constant number of queries. */
  listAlbums(ownerId: string): Promise<GalleryAlbum[]>;
  /** The owner's newest `limit` ready photos not in the Trash, newest first, in one query. */
  recentComparable(ownerId: string, limit: number): Promise<ComparablePhoto[]>;
}

export interface PresignedUpload {
  url: string;
  headers: Record<string, string>;
}

export interface StoredObjectInfo {
  contentLength: number;
  contentType: string | undefined;
}

/**
 * Short-lived URLs with which the browser uploads and downloads photos straight from storage. Signing
 * is local computation (no call to storage), so routes that only sign carry no storage client.
 */
export interface PhotoUrlSigner {
  /**
   * With `sha256` (hex), the URL also signs the checksum header, so storage that verifies checksums
   * (S3) refuses bytes that do not match; the returned headers then include it.
   */
  presignUpload(input: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
    sha256?: string | undefined;
  }): Promise<PresignedUpload>;
  /** With `downloadAs`, the browser saves the object under that name (Content-Disposition: attachment). */
  presignDownload(key: string, expiresInSeconds: number, options?: DownloadOptions): Promise<string>;
}

export interface DownloadOptions {
  /** The file name the download is saved under. */
  downloadAs?: string;
  /**
   * Sign as of this instant (whole seconds, not in the future) for exactly `expiresInSeconds`, so the
   * URL stops working at signedAt + expiresInSeconds. Without it the signer may pick its own date and
   * the URL lives at least `expiresInSeconds` from now (possibly longer).
   */
  signedAt?: Date;
}

/** The objects themselves: checking uploads, reading originals, writing previews, deleting. */
export interface PhotoStorage {
  /** null when there is no such object. */
  head(key: string): Promise<StoredObjectInfo | null>;
  /** null when there is no such object. */
  get(key: string): Promise<Uint8Array | null>;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /**
   * Marks an uploaded original as part of the library. Uploads never marked (abandoned, or rejected
   * as unreadable) may be expired by the storage's lifecycle after a grace period.
   */
  keep(key: string): Promise<void>;
  /** Removes the object; removing an object that is not there is not an error. */
  delete(key: string): Promise<void>;
}

/**
 * Pushes progress to the pages its owner (a user id) has open: AWS AppSync Events in AWS, the local
 * runtime's events server locally, nowhere when neither is configured. Callers use reportProgress
 * (progress.ts), which never lets a failure here fail the work.
 */
export interface ProgressPublisher {
  publish(ownerId: string, event: ProgressEvent): Promise<void>;
}

export interface JobQueue {
  enqueueProcessJob(jobId: string): Promise<void>;
  /** A `generate-album-page` message for the album's current design request. */
  enqueueAlbumPage(albumId: string, requestId: string): Promise<void>;
}

/** What one finished job tells the operator's dashboard and alarms. */
export interface JobReport {
  outcome: 'completed' | 'failed';
  /** Who organized it (completed jobs only). */
  organizer?: OrganizerKind;
  photos: number;
  rejected: number;
  albums: number;
  /** The model was meant to organize it and did not (the offline organizer or one album stepped in). */
  fallback: boolean;
  /** ... because the model could not be reached: the egress alarm counts these. */
  modelUnreachable: boolean;
  /** Time in the planner, retries included; absent when no model was asked. */
  modelMs?: number;
  usage?: TokenUsage;
}

/** Where job reports go: CloudWatch metrics in AWS (EMF), nowhere locally. */
export interface JobMetrics {
  jobFinished(report: JobReport): void;
}

/** The worker's side of the queue: a message it could not process comes back after a delay. */
export interface MessageRedelivery {
  redeliverAfter(receiptHandle: string, delaySeconds: number): Promise<void>;
}

/** A decoded, auto-rotated photo, ready for the gallery and the model. */
export interface AnalyzedImage {
  /** About 1024 px on the long side, JPEG, metadata stripped: large tiles and the lightbox's fallback. */
  preview: Uint8Array;
  /** About 512 px on the long side, JPEG, metadata stripped: what a grid tile shows. */
  thumbnail: Uint8Array;
  /** Smaller JPEG, metadata stripped: what the model sees. */
  modelImage: Uint8Array;
  width: number;
  height: number;
  takenAt: Date | null;
  /**
   * Exact GPS stays inside the worker: only the nearest town and the fix rounded to about 100 m
   * (coarseLocation) leave it.
   */
  gps: { latitude: number; longitude: number } | null;
  /** "Make Model" for display, without the make twice. */
  camera: string | null;
  settings: CameraSettings;
  /** SHA-256 of the uploaded bytes, hex: the same file uploaded twice has the same one. */
  sha256: string;
  /** 64-bit difference hash of the picture, 16 hex digits: near duplicates differ in few bits. */
  perceptualHash: string;
  /** What the picture looks like: colour layout, palette and texture (core/look.ts). */
  look: number[];
}

export interface ImageAnalyzer {
  /** Throws ImageRejectedError when the bytes are not a usable image. */
  analyze(bytes: Uint8Array, declaredContentType: string): Promise<AnalyzedImage>;
}

/** A face in a photo: where (fractions of the picture's width and height), how sure, and who it looks like. */
export interface FoundFace {
  box: { x: number; y: number; width: number; height: number };
  /** The detector's confidence, 0–1. */
  score: number;
  /** 128 numbers; faces of one person lie close together (people.ts). */
  descriptor: number[];
}

export interface FaceReader {
  /** The faces in a photo's model rendition (a JPEG about 512 px on the long side). */
  read(image: Uint8Array): Promise<FoundFace[]>;
}

/** A user's choices; each is off until the user turns it on. */
export interface UserSettings {
  /** Faces are found in photos as they land, and grouped into people. */
  peopleRecognition: boolean;
}

export interface SettingsRepository {
  get(userId: string): Promise<UserSettings>;
  /**
   * Applies the changes and returns the settings as they are now. Turning people recognition off
   * deletes every face and person stored for the user in the same transaction.
   */
  update(userId: string, changes: Partial<UserSettings>): Promise<UserSettings>;
}

/** 'off': people recognition is off; 'missing': no such photo of the owner. Either way nothing is written. */
export type RecordFacesOutcome = 'recorded' | 'off' | 'missing';

export interface PeopleRepository {
  /**
   * Replaces the photo's faces (none: it shows nobody, or its faces could not be read) and assigns
   * each to a person of the owner (people.ts), in one transaction that holds the owner's row:
   * concurrent photos of one owner are clustered one after the other, and a setting turned off
   * meanwhile is seen.
   */
  recordFaces(ownerId: string, imageId: string, faces: readonly FoundFace[]): Promise<RecordFacesOutcome>;
  /** The people each photo shows, by photo id; photos showing nobody are absent. */
  peopleInPhotos(ownerId: string, imageIds: readonly string[]): Promise<Map<string, string[]>>;
  /**
   * The owner's people who show in at least one photo in the library (organized, not in the Trash),
   * hidden ones too: most photos first, then the oldest person first. A constant number of queries.
   */
  listPeople(ownerId: string): Promise<PersonRecord[]>;
  /** Names (null clears) and/or hides the owner's person; null when there is no such person of theirs. */
  updatePerson(ownerId: string, personId: string, changes: PersonChanges): Promise<PersonRecord | null>;
  /**
   * Moves every face of `personId` to `intoId` and deletes `personId`, in one transaction that holds
   * the owner's row: `intoId`'s mean and count are recomputed from all its faces (new faces are then
   * compared with that), and it keeps its name, or takes `personId`'s when it has none. null when
   * either is not a person of the owner (or recognition is off: then there is none).
   */
  mergePeople(ownerId: string, personId: string, intoId: string): Promise<PersonRecord | null>;
}

/** What the user may change of a person. */
export interface PersonChanges {
  name?: string | null;
  hidden?: boolean;
}

/** A person as the People screen shows them; the cover's keys are signed by the use case. */
export interface PersonRecord {
  id: string;
  name: string | null;
  hidden: boolean;
  /** Photos showing the person that are in the library (organized, not in the Trash). */
  photoCount: number;
  /** The person's largest face in such a photo, or null when they show in none. */
  cover: {
    imageId: string;
    /** Fractions of the photo's width and height (its thumbnail has the same shape). */
    box: { x: number; y: number; width: number; height: number };
    storageKey: string;
    previewKey: string | null;
    thumbnailKey: string | null;
  } | null;
}

export interface PlaceResolver {
  /** The nearest town and its country, or null when nothing is near. */
  resolve(latitude: number, longitude: number): Place | null;
}

export interface PlannerPhoto {
  /** Short opaque reference the planner must answer with (e.g. "p7"). */
  ref: string;
  image: { bytes: Uint8Array; mimeType: string };
  takenAt: Date | null;
  place: Place | null;
  camera: string | null;
  /** A screen capture, as its file name says: the offline organizer keeps these together. */
  screenshot?: boolean;
  /** Where takenAt came from; a file's time says when it was saved, not taken. */
  dateSource?: DateSource | null;
  /** The people the photo shows (ids of the owner's people; empty when none or recognition is off). */
  people?: readonly string[];
  /** What the picture looks like (core/look.ts); null when unknown. */
  look?: readonly number[] | null;
}

export interface PlannerAnswer {
  organizer: 'gemini' | 'offline';
  /** Untrusted: validated and repaired by album-plan.ts. */
  raw: unknown;
  model?: string;
  usage?: TokenUsage;
  /** The albums were asked without the photos' descriptions (the answer with them did not fit). */
  descriptionsLeftOut?: true;
}

/** An album the owner already has, shown to the planner so that new photos can join it. */
export interface ExistingAlbum {
  /** Short opaque reference the planner answers with to join it (e.g. "a3"). */
  ref: string;
  title: string;
  description: string;
  /** Its first and last photo's dates (wall clock); null when none of its photos is dated. */
  from: Date | null;
  until: Date | null;
  /** The towns its photos were taken near, most frequent first (at most three). */
  places: Place[];
  photoCount: number;
  /** Made by the user (not the organizer): a target whatever its dates. */
  madeByUser: boolean;
  /** Its cover's small model rendition, when it could be read. */
  cover: { bytes: Uint8Array; mimeType: string } | null;
}

export interface AlbumPlanner {
  /**
   * Groups `photos` into albums, new ones or `existing` ones they join (answered by ref). Throws
   * PlannerUnavailableError when it fails for good (after its own bounded retries).
   */
  plan(photos: PlannerPhoto[], existing?: readonly ExistingAlbum[]): Promise<PlannerAnswer>;
}

/** An owner's live album as organizing weighs it (existing-albums.ts chooses which the planner sees). */
export interface AlbumSummary {
  id: string;
  title: string;
  description: string;
  from: Date | null;
  until: Date | null;
  places: Place[];
  photoCount: number;
  madeByUser: boolean;
  /** Where its cover's model rendition is stored, when it has one. */
  coverModelKey: string | null;
  updatedAt: Date;
}

/** What organizing reads of the owner's albums, so that new photos join them and the user's word stands. */
export interface AlbumSummaryRepository {
  /** The owner's albums that are not deleted, with their span, places and cover. */
  listForOrganizing(ownerId: string): Promise<AlbumSummary[]>;
  /** For each photo, the albums the user took it out of (organizing never puts it back); absent: none. */
  exclusions(ownerId: string, imageIds: readonly string[]): Promise<Map<string, Set<string>>>;
}

export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}

/** Structured logging; adapters decide the format (JSON lines in Lambda and locally). */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

/** What a user may change on an album; an absent field stays as it is. */
export interface AlbumChanges {
  title?: string;
  themeDescription?: string;
  coverImageId?: string;
}

export type UpdateAlbumOutcome = 'updated' | 'album_not_found' | 'cover_not_in_album';

export type AddPhotoOutcome =
  | 'added'
  | 'album_not_found'
  | 'source_album_not_found'
  | 'photo_not_found'
  /** The photo exists but was never uploaded or could not be read: it cannot be shown in an album. */
  | 'photo_not_ready'
  /** The photo is in the Trash: it must be restored first. */
  | 'photo_in_trash';

export type RemovePhotoOutcome = 'removed' | 'album_not_found' | 'photo_not_in_album';

/** A problem with the photos a bulk request named; the ids are the request's own (nothing is revealed). */
export type PhotosProblem =
  /** Unknown ids and other users' photos, indistinguishable on purpose. */
  | { outcome: 'photos_not_found'; imageIds: string[] }
  /** The caller's photos in the Trash: restored first, they can go into albums again. */
  | { outcome: 'photos_in_trash'; imageIds: string[] }
  /** The caller's photos that were never uploaded or could not be read. */
  | { outcome: 'photos_not_ready'; imageIds: string[] };

export type CreateAlbumOutcome = { outcome: 'created'; albumId: string } | PhotosProblem;

export type AddPhotosOutcome =
  /** `added`: photos that were not in the album before (the others stay where they are). */
  | { outcome: 'added'; added: number }
  | { outcome: 'album_not_found' }
  | { outcome: 'source_album_not_found' }
  | PhotosProblem;

export type RemovePhotosOutcome = { outcome: 'removed'; removed: number } | { outcome: 'album_not_found' };

export type MergeAlbumsOutcome =
  | { outcome: 'merged'; added: number }
  | { outcome: 'album_not_found' }
  /** `albumIds`: the sources that are unknown, someone else's or deleted (the request's own ids). */
  | { outcome: 'source_albums_not_found'; albumIds: string[] }
  /** `albumIds`: the sources shared with members (invited or joined): merging them away would drop
   * the members and their photos, so they are refused. */
  | { outcome: 'source_albums_shared'; albumIds: string[] };

/** An album named by id and title. */
export interface AlbumRef {
  id: string;
  title: string;
}

/** Where a library page starts: the last photo of the previous page, to the microsecond. */
export interface LibraryPosition {
  /**
   * The photo's place in the timeline (when it was taken, or uploaded when it has no date): ISO 8601
   * with microseconds (PostgreSQL keeps them; a JavaScript Date would lose them).
   */
  at: string;
  id: string;
}

/** How many photos the library holds in one month of its timeline ('2026-05'). */
export interface LibraryMonth {
  month: string;
  count: number;
}

export interface LibraryPage {
  photos: LibraryPhoto[];
  /** null on the last page. */
  next: LibraryPosition | null;
}

/**
 * The user's corrections to albums, and the photo library behind them. Every method is scoped to the
 * owner: another user's album or photo behaves exactly like one that does not exist. Album covers are
 * kept pointing at a photo of the album (or null when it is empty) and display orders stay gapless.
 */
export interface AlbumRepository {
  /** The owner's album with its photos in display order. */
  findOwned(ownerId: string, albumId: string): Promise<GalleryAlbum | null>;
  update(ownerId: string, albumId: string, changes: AlbumChanges): Promise<UpdateAlbumOutcome>;
  /**
   * Deletes the album at `at`: hidden everywhere (its memberships kept) until restored or purged
   * TRASH_DAYS later; its photos stay in the library. false: no such album of the owner (or deleted).
   */
  delete(ownerId: string, albumId: string, at: Date): Promise<boolean>;
  /** Brings a deleted album back with its photos and their order. false: no such deleted album of the owner. */
  restore(ownerId: string, albumId: string): Promise<boolean>;
  /**
   * In one transaction: removes the photo from `fromAlbumId` (when given and it is there) and puts it
   * at the end of `albumId` (moving it to the end when it is already there).
   */
  addPhoto(
    ownerId: string,
    move: { albumId: string; imageId: string; fromAlbumId: string | null },
  ): Promise<AddPhotoOutcome>;
  removePhoto(ownerId: string, albumId: string, imageId: string): Promise<RemovePhotoOutcome>;
  /**
   * A new album the user made (origin 'user', title and description the user's), holding `imageIds` in
   * that order (ready, not in the Trash), the first of them its cover. One transaction.
   */
  create(
    ownerId: string,
    album: { id: string; title: string; themeDescription: string; imageIds: string[] },
  ): Promise<CreateAlbumOutcome>;
  /**
   * In one transaction: appends the photos not already in `albumId` to its end in the given order
   * (ready, not in the Trash); with `fromAlbumId`, takes them out of that album first and records
   * that the user took them out (album_exclusions). Adding a photo back clears its exclusion.
   */
  addPhotos(
    ownerId: string,
    move: { albumId: string; imageIds: string[]; fromAlbumId: string | null },
  ): Promise<AddPhotosOutcome>;
  /** Takes those of `imageIds` that are in the album out of it (recording exclusions); one transaction. */
  removePhotos(ownerId: string, albumId: string, imageIds: string[]): Promise<RemovePhotosOutcome>;
  /**
   * In one transaction: appends the sources' photos to `albumId` (sources in the given order, each in
   * its display order, skipping photos already there) and marks the sources deleted (deleted_at), their
   * own memberships kept so that restoring one brings it back as it was.
   */
  merge(ownerId: string, albumId: string, sourceIds: string[]): Promise<MergeAlbumsOutcome>;
  /** Any photo of the owner, whatever its status (in the Trash too). */
  findPhoto(ownerId: string, imageId: string): Promise<Photo | null>;
  /** The owner's albums (not deleted) that hold the photo, newest album first. */
  albumsHolding(ownerId: string, imageId: string): Promise<AlbumRef[]>;
  /**
   * The owner's ready photos that are not in the Trash, newest first by when they were taken (when
   * they were uploaded for photos without a date), then by id.
   */
  listLibrary(ownerId: string, page: { limit: number; after: LibraryPosition | null }): Promise<LibraryPage>;
  /** The months of the library's timeline that hold photos, newest first, with how many each. */
  libraryMonths(ownerId: string): Promise<LibraryMonth[]>;
}

/** A search as the repository runs it: the filters, with the free text as its words (core/search.ts). */
export interface PhotoSearch extends Omit<SearchFilters, 'text'> {
  /** Every word must match, each as a prefix; none: no text condition. */
  words: string[];
}

export interface SearchPage {
  photos: Omit<LibraryPhoto, 'likeness'>[];
  /** null on the last page. */
  next: LibraryPosition | null;
}

/**
 * Finding the owner's photos (issue 18). Only the owner's ready photos out of the Trash are ever
 * found, and only the owner's albums (not deleted) lend them words; the same order and positions as
 * the library (newest taken first, then by id), so a page's cursor is a LibraryPosition.
 */
export interface SearchRepository {
  /** One page of the photos matching every word and every filter: at most two statements, whatever the library size. */
  search(
    ownerId: string,
    search: PhotoSearch,
    page: { limit: number; after: LibraryPosition | null },
  ): Promise<SearchPage>;
  /** What the owner's library holds to filter by: places, cameras, people not hidden, the date span. */
  filterChoices(ownerId: string): Promise<SearchFilterChoices>;
}

/** Where a Trash page starts: the last photo of the previous page, to the microsecond. */
export interface TrashPosition {
  /** ISO 8601 with microseconds, as LibraryPosition. */
  trashedAt: string;
  id: string;
}

export interface TrashPage {
  photos: TrashedPhoto[];
  /** null on the last page. */
  next: TrashPosition | null;
}

/** The files a purged photo may have in storage, as its record knows them. */
export interface PurgedPhotoFiles {
  storageKey: string;
  previewKey: string | null;
  thumbnailKey: string | null;
  modelKey: string | null;
}

/** What `purge` deletes: photos trashed before `trashedBefore` (all of them when null), the owner's only when named. */
export interface TrashSelection {
  ownerId?: string;
  trashedBefore: Date | null;
  /** At most this many photos, oldest in the Trash first. */
  limit: number;
}

/**
 * The Trash. A trashed photo keeps its record, files, faces and album memberships (so restoring puts it
 * back where it was) and is hidden from albums, the library and organizing. Scoped to the owner like
 * every repository: another user's photo behaves exactly like one that does not exist.
 */
export interface TrashRepository {
  /**
   * In one transaction, moves the owner's photos named by `imageIds` to the Trash at `at` (a photo
   * already there keeps its date). All or nothing: when some ids are unknown or not the owner's,
   * nothing changes and those ids are returned.
   */
  trash(ownerId: string, imageIds: readonly string[], at: Date): Promise<{ notFound: string[] }>;
  /** The same for taking photos out of the Trash; a photo that is not in it stays as it is. */
  restore(ownerId: string, imageIds: readonly string[]): Promise<{ notFound: string[] }>;
  /** The owner's trashed photos, most recently trashed first. */
  list(ownerId: string, page: { limit: number; after: TrashPosition | null }): Promise<TrashPage>;
  /** How many photos the owner has in the Trash. */
  count(ownerId: string): Promise<number>;
  /**
   * Deletes the selected photos for good. While it holds them (no restore can slip in) it hands their
   * files to `deleteFiles`; the records go — with their memberships and faces, people left with no
   * face, and repaired album orders — only once that resolves, and if it throws nothing is deleted.
   * Returns how many photos were deleted.
   */
  purge(
    selection: TrashSelection,
    deleteFiles: (photos: PurgedPhotoFiles[]) => Promise<void>,
  ): Promise<number>;
  /** Deletes for good the albums deleted before `deletedBefore` (not their photos). Returns how many. */
  purgeDeletedAlbums(deletedBefore: Date): Promise<number>;
}
