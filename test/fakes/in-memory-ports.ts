/**
 * Strict in-memory fakes of the core's ports: fast, and they fail loudly on misuse. Each one keeps the
 * semantics of its real adapter (lambdas/adapters/postgres, s3, sqs): owner scoping, idempotency,
 * attempt fences, gapless display orders, repaired covers, and the errors PostgreSQL or S3 would raise
 * for values they cannot take.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  type AddOwnPhotosOutcome,
  type AlbumMember,
  type DirectoryEntry,
  INVITATION_EMAIL_WINDOW_MS,
  type Invitation,
  type InviteOutcome,
  MAX_ALBUM_MEMBERS,
  MAX_INVITATION_EMAILS,
  type MemberRepository,
  type MemberRole,
  type RemoveMemberOutcome,
  type RemoveOwnPhotosOutcome,
  type SharedAlbum,
  type SharedAlbumSummary,
  type UserDirectory,
} from '../../lambdas/core/album-members.ts';
import { duplicateReason } from '../../lambdas/core/duplicates.ts';
import { ImageRejectedError, PlannerUnavailableError } from '../../lambdas/core/errors.ts';
import { ID_PATTERN } from '../../lambdas/core/ids.ts';
import { gaveUpMessage } from '../../lambdas/core/job-lifecycle.ts';
import {
  generateAlbumPageMessage,
  type JobMessage,
  parseJobMessage,
  processJobMessage,
} from '../../lambdas/core/job-message.ts';
import {
  type AlbumSpan,
  type AttemptFence,
  type ComparablePhoto,
  type GalleryAlbum,
  type GalleryPhoto,
  type Job,
  type Photo,
  type PhotoLikeness,
  type Place,
  type RejectedPhoto,
  UNCLAIMED,
  type User,
} from '../../lambdas/core/model.ts';
import { applyAssignment, assignFaces, type KnownPerson, meanDescriptor } from '../../lambdas/core/people.ts';
import { shownDateSource } from '../../lambdas/core/photo-date.ts';
import {
  type CameraSettings,
  type CoarseLocation,
  NO_CAMERA_SETTINGS,
  type PhotoDescription,
  TAGS_MAX,
} from '../../lambdas/core/photo-details.ts';
import type {
  AddPhotoOutcome,
  AddPhotosOutcome,
  AlbumChanges,
  AlbumPlanner,
  AlbumRef,
  AlbumRepository,
  AlbumSummary,
  AlbumSummaryRepository,
  AnalyzedImage,
  ClaimOutcome,
  ClaimPolicy,
  Clock,
  CreateAlbumOutcome,
  ExistingAlbum,
  FaceReader,
  FoundFace,
  GalleryRepository,
  ImageAnalyzer,
  IngestedPhoto,
  JobOutcome,
  JobQueue,
  JobRepository,
  LibraryCopy,
  LibraryMonth,
  LibraryPage,
  LibraryPosition,
  Logger,
  MergeAlbumsOutcome,
  NewJob,
  NewPhoto,
  PeopleRepository,
  PersonChanges,
  PersonRecord,
  PhotoAnalysis,
  PhotoDescriptionRecord,
  PhotoDetails,
  PhotoRepository,
  PhotoStorage,
  PhotosProblem,
  PhotoUrlSigner,
  PlannerAnswer,
  PlannerPhoto,
  ProgressPublisher,
  PurgedPhotoFiles,
  RecordFacesOutcome,
  RecordIngestedOutcome,
  RemovePhotoOutcome,
  RemovePhotosOutcome,
  SettingsRepository,
  TrashPage,
  TrashPosition,
  TrashRepository,
  TrashSelection,
  UndoOutcome,
  UpdateAlbumOutcome,
  UserRepository,
  UserSettings,
} from '../../lambdas/core/ports.ts';
import type { ProgressEvent } from '../../lambdas/core/progress.ts';
import { shownCover } from '../../lambdas/core/trash.ts';
import { originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';

// ---------------------------------------------------------------------------------------------------
// What PostgreSQL refuses
// ---------------------------------------------------------------------------------------------------

/**
 * A value for a uuid column, as PostgreSQL reads it: any case, stored and compared lower-case. (It also
 * takes braces and a hyphen-less form; the app never produces those, so the fake refuses them.)
 */
function uuid(value: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value))
    throw new Error(`invalid input syntax for type uuid: "${String(value)}"`);
  return value.toLowerCase();
}

/** A value for a text column: PostgreSQL cannot store a NUL character at all. */
function text(value: string): string {
  if (typeof value !== 'string') throw new Error(`null or non-text value for a text column: ${value}`);
  if (value.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
  return value;
}

/** A value for an integer column. */
function integer(value: number): number {
  if (!Number.isInteger(value)) throw new Error(`invalid input syntax for type integer: "${value}"`);
  if (value < -2_147_483_648 || value > 2_147_483_647) throw new Error('integer out of range');
  return value;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}(?::\d{2})?)$/;

/**
 * A timestamptz literal as PostgreSQL casts it, in microseconds since the epoch. Only the ISO 8601 forms
 * the app uses are accepted; a field out of range is refused as PostgreSQL refuses it.
 */
function timestamptzMicros(value: string): number {
  const match = TIMESTAMP.exec(value);
  if (!match) throw new Error(`invalid input syntax for type timestamp with time zone: "${value}"`);
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match as unknown as string[];
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  const calendar = new Date(0);
  calendar.setUTCFullYear(y, mo, 0); // day 0 of the next month: the last day of this one
  const daysInMonth = calendar.getUTCDate();
  // There is no year 0; 24:00:00 (end of day) and a leap second 60 are taken and roll over, as there.
  const endOfDay = h === 24 && mi === 0 && s === 0 && Number(fraction || '0') === 0;
  if (y === 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth || (h > 23 && !endOfDay) || mi > 59 || s > 60)
    throw new Error(`date/time field value out of range: "${value}"`);
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh = '0', zm = '0'] = zone.slice(1).split(':');
    offsetMinutes = sign * (Number(zh) * 60 + Number(zm));
  }
  const instant = new Date(0);
  instant.setUTCFullYear(y, mo - 1, d);
  instant.setUTCHours(h, mi, s, 0);
  const millis = instant.getTime() - offsetMinutes * 60_000;
  return millis * 1000 + Number(fraction.padEnd(6, '0'));
}

/** An instant as PostgreSQL's `to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')` prints it. */
function microsecondIso(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = String(micros - millis * 1000).padStart(3, '0');
  return new Date(millis).toISOString().replace(/Z$/, `${rest}Z`);
}

/** A value for a numeric column with a `> 0` CHECK (migration 014's camera settings); null passes. */
function positive(value: number | null, column: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new Error(`invalid value for ${column}: ${value}`);
  if (!(value > 0) || !Number.isFinite(value))
    throw new Error(`new row for relation "images" violates check constraint "images_${column}_check"`);
  return value;
}

/** Migration 014's location checks: latitude and longitude in range, both or neither. */
function location(value: CoarseLocation | null): CoarseLocation | null {
  if (value === null) return null;
  const { latitude, longitude } = value;
  if (!(Math.abs(latitude) <= 90) || !(Math.abs(longitude) <= 180))
    throw new Error('new row for relation "images" violates check constraint "images_latitude_check"');
  return { latitude, longitude };
}

function copyPhoto(photo: Photo): Photo {
  return {
    ...photo,
    place: photo.place ? { ...photo.place } : null,
    settings: { ...photo.settings },
    location: photo.location ? { ...photo.location } : null,
    tags: [...photo.tags],
  };
}

// ---------------------------------------------------------------------------------------------------
// Time
// ---------------------------------------------------------------------------------------------------

/**
 * A clock that only moves when the test moves it. It keeps microseconds, as PostgreSQL's now() does,
 * though `now()` (a JavaScript Date) can only hand out milliseconds: the fakes that stamp rows read the
 * rest from `microsecondsSinceEpoch()`.
 */
export class ManualClock implements Clock {
  #micros: number;

  constructor(start: Date | string = '2026-05-01T12:00:00.000Z') {
    this.#micros = ManualClock.#toMicros(start);
  }

  now(): Date {
    return new Date(Math.floor(this.#micros / 1000));
  }

  microsecondsSinceEpoch(): number {
    return this.#micros;
  }

  advance(milliseconds: number): void {
    this.#micros += milliseconds * 1000;
  }

  /** A Date, or an ISO 8601 string with up to six fractional digits. */
  set(instant: Date | string): void {
    this.#micros = ManualClock.#toMicros(instant);
  }

  static #toMicros(instant: Date | string): number {
    return typeof instant === 'string' ? timestamptzMicros(instant) : instant.getTime() * 1000;
  }
}

const systemClock: Clock = { now: () => new Date() };

/** The instant a clock stamps on a row, in microseconds: a ManualClock's own, else the Date's. */
function stampMicros(clock: Clock): number {
  return clock instanceof ManualClock ? clock.microsecondsSinceEpoch() : clock.now().getTime() * 1000;
}

// ---------------------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------------------

/** The `images` table. Deleting a row cascades to whatever registered with `onDelete` (album memberships). */
export class InMemoryPhotos implements PhotoRepository {
  readonly rows = new Map<string, Photo>();
  /** `created_at` to the microsecond (a Photo's Date keeps only milliseconds), by photo id. */
  readonly createdAtMicros = new Map<string, number>();
  readonly #clock: Clock;
  readonly #jobs: InMemoryJobs | undefined;
  readonly #onDelete: ((imageId: string) => void)[] = [];

  /** `clock` stamps `createdAt`; `jobs` is what `purgeUnorganized` checks for photos still in use. */
  constructor(options: { clock?: Clock; jobs?: InMemoryJobs } = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#jobs = options.jobs;
  }

  /** One INSERT: either every row goes in or none does. */
  async addAwaitingUpload(photos: NewPhoto[]): Promise<void> {
    // One statement, one now(): every row of the batch gets the same instant.
    const micros = stampMicros(this.#clock);
    const rows = photos.map((photo): Photo => {
      if (integer(photo.sizeBytes) < 0)
        throw new Error('new row for relation "images" violates check constraint "images_size_bytes_check"');
      return {
        id: uuid(photo.id),
        ownerId: uuid(photo.ownerId),
        storageKey: text(photo.storageKey),
        previewKey: null,
        thumbnailKey: null,
        originalFilename: text(photo.originalFilename),
        contentType: text(photo.contentType),
        sizeBytes: photo.sizeBytes,
        width: null,
        height: null,
        takenAt: null,
        takenAtSource: null,
        fileModifiedAt: photo.fileModifiedAt ?? null,
        place: null,
        status: 'awaiting_upload',
        rejectionReason: null,
        modelKey: null,
        camera: null,
        settings: { ...NO_CAMERA_SETTINGS },
        location: null,
        caption: null,
        tags: [],
        look: null,
        declaredSha256: photo.declaredSha256 == null ? null : text(photo.declaredSha256),
        trashedAt: null,
        createdAt: new Date(Math.floor(micros / 1000)),
      };
    });
    const ids = new Set(this.rows.keys());
    const keys = new Set([...this.rows.values()].map((row) => row.storageKey));
    for (const row of rows) {
      if (ids.has(row.id)) throw new Error('duplicate key value violates unique constraint "images_pkey"');
      if (keys.has(row.storageKey)) throw new Error('duplicate storage key');
      ids.add(row.id);
      keys.add(row.storageKey);
    }
    for (const row of rows) {
      this.rows.set(row.id, row);
      this.createdAtMicros.set(row.id, micros);
    }
  }

  async purgeUnorganized(cutoff: Date): Promise<string[]> {
    if (!this.#jobs)
      throw new Error('InMemoryPhotos.purgeUnorganized needs the jobs: new InMemoryPhotos({ jobs })');
    const inUse = new Set(
      [...this.#jobs.rows.values()]
        .filter((job) => job.status === 'pending' || job.status === 'processing')
        .flatMap((job) => job.imageKeys),
    );
    const doomed = [...this.rows.values()].filter(
      (row) =>
        (row.status === 'awaiting_upload' || row.status === 'analyzed' || row.status === 'rejected') &&
        row.createdAt.getTime() < cutoff.getTime() &&
        !inUse.has(row.storageKey),
    );
    for (const row of doomed) this.deleteRow(row.id);
    return doomed.map((row) => row.storageKey);
  }

  /** SHA-256 and perceptual hash per photo id, as the adapter stores them. */
  readonly fingerprints = new Map<string, { sha256: string; perceptualHash: string }>();

  async findByStorageKey(storageKey: string): Promise<Photo | null> {
    const key = text(storageKey);
    const row = [...this.rows.values()].find((candidate) => candidate.storageKey === key);
    return row ? copyPhoto(row) : null;
  }

  async recordIngested(photo: IngestedPhoto): Promise<RecordIngestedOutcome> {
    const row = this.rows.get(uuid(photo.imageId));
    if (!row) return { kind: 'recorded' }; // UPDATE ... WHERE id = ...: no row, nothing changes.
    if (row.status !== 'ready') {
      const [original] = this.#copies(row.ownerId, photo.sha256).filter((copy) => copy.id !== row.id);
      if (original) {
        Object.assign(row, {
          status: 'rejected',
          rejectionReason: duplicateReason(original.originalFilename),
        });
        return {
          kind: 'duplicate',
          original: { imageId: original.id, originalFilename: original.originalFilename },
        };
      }
    }
    Object.assign(row, {
      status: row.status === 'ready' ? 'ready' : 'analyzed',
      rejectionReason: null,
      previewKey: text(photo.previewKey),
      thumbnailKey: text(photo.thumbnailKey),
      modelKey: text(photo.modelKey),
      width: integer(photo.width),
      height: integer(photo.height),
      takenAt: photo.takenAt,
      takenAtSource: photo.takenAtSource,
      place: photo.place ? { ...photo.place } : null,
      camera: photo.camera === null ? null : text(photo.camera),
      settings: {
        make: photo.settings.make === null ? null : text(photo.settings.make),
        model: photo.settings.model === null ? null : text(photo.settings.model),
        lens: photo.settings.lens === null ? null : text(photo.settings.lens),
        exposureSeconds: positive(photo.settings.exposureSeconds, 'exposure_seconds'),
        fNumber: positive(photo.settings.fNumber, 'f_number'),
        iso: photo.settings.iso === null ? null : positive(integer(photo.settings.iso), 'iso'),
        focalLengthMm: positive(photo.settings.focalLengthMm, 'focal_length_mm'),
      },
      location: location(photo.location),
      look: [...photo.look],
    });
    this.fingerprints.set(row.id, { sha256: text(photo.sha256), perceptualHash: text(photo.perceptualHash) });
    this.detailsRead.add(row.id);
    return { kind: 'recorded' };
  }

  /** images.details_read: the photos whose details ingest (or the details read) wrote. */
  readonly detailsRead = new Set<string>();
  /** The offline descriptions recordDetailsRead gave organized photos, by photo id. */
  readonly describedLater = new Map<string, PhotoDescription>();

  async listDetailsUnread(limit: number, afterId?: string): Promise<Photo[]> {
    const after = afterId === undefined ? undefined : uuid(afterId);
    return [...this.rows.values()]
      .filter(
        (row) =>
          !this.detailsRead.has(row.id) &&
          (row.status === 'analyzed' || row.status === 'ready') &&
          (after === undefined || row.id > after),
      )
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, integer(limit))
      .map(copyPhoto);
  }

  async recordDetailsRead(
    imageId: string,
    details: PhotoDetails | null,
    description: PhotoDescription,
  ): Promise<void> {
    const row = this.rows.get(uuid(imageId));
    if (!row || this.detailsRead.has(row.id)) return;
    if (details) {
      Object.assign(row, {
        camera: details.camera === null ? row.camera : text(details.camera),
        settings: { ...details.settings },
        location: location(details.location),
      });
    }
    // As description_source is null: described neither by a job (InMemoryJobs) nor before.
    const described = this.describedLater.has(row.id) || this.#jobs?.descriptions.has(row.id) === true;
    if (row.status === 'ready' && !described)
      this.describedLater.set(row.id, { ...description, tags: [...description.tags] });
    this.detailsRead.add(row.id);
  }

  async findLibraryCopies(ownerId: string, sha256s: readonly string[]): Promise<LibraryCopy[]> {
    const owner = uuid(ownerId);
    return [...new Set(sha256s.map(text))].flatMap((sha256) => {
      const [best] = this.#copies(owner, sha256);
      return best
        ? [
            {
              imageId: best.id,
              storageKey: best.storageKey,
              originalFilename: best.originalFilename,
              sha256,
              organized: best.status === 'ready',
            },
          ]
        : [];
    });
  }

  /** The owner's read or organized photos with these bytes: organized first, then oldest. */
  #copies(ownerId: string, sha256: string): Photo[] {
    return [...this.rows.values()]
      .filter(
        (row) =>
          row.ownerId === ownerId &&
          (row.status === 'analyzed' || row.status === 'ready') &&
          row.trashedAt === null &&
          this.fingerprints.get(row.id)?.sha256 === sha256,
      )
      .sort(
        (a, b) =>
          Number(b.status === 'ready') - Number(a.status === 'ready') ||
          (this.createdAtMicros.get(a.id) ?? 0) - (this.createdAtMicros.get(b.id) ?? 0) ||
          (a.id < b.id ? -1 : 1),
      );
  }

  async recordIngestRejected(imageId: string, reason: string): Promise<boolean> {
    const row = this.rows.get(uuid(imageId));
    if (!row || row.status === 'ready') return false;
    Object.assign(row, { status: 'rejected', rejectionReason: text(reason) });
    return true;
  }

  async findOwnedByKeys(ownerId: string, keys: string[]): Promise<Photo[]> {
    const owner = uuid(ownerId);
    const wanted = new Set(keys.map(text));
    return [...this.rows.values()]
      .filter((row) => row.ownerId === owner && wanted.has(row.storageKey))
      .map(copyPhoto);
  }

  /**
   * Test set-up in one call: a photo uploaded (awaiting upload) and, unless `ready: false`, read — with a
   * preview and a thumbnail under its key, as a completed job records it. Returns its id.
   */
  async addTestPhoto(
    ownerId: string,
    photo: {
      originalFilename?: string;
      sizeBytes?: number;
      width?: number;
      height?: number;
      takenAt?: Date | null;
      place?: Place | null;
      ready?: boolean;
    } = {},
  ): Promise<string> {
    const id = randomUUID();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await this.addAwaitingUpload([
      {
        id,
        ownerId,
        storageKey: key,
        originalFilename: photo.originalFilename ?? 'IMG.jpg',
        contentType: 'image/jpeg',
        sizeBytes: photo.sizeBytes ?? 9,
      },
    ]);
    if (photo.ready !== false) {
      this.recordAnalysis({
        imageId: id,
        previewKey: previewKey(key),
        thumbnailKey: thumbnailKey(key),
        width: photo.width ?? 4000,
        height: photo.height ?? 3000,
        takenAt: photo.takenAt ?? null,
        place: photo.place ?? null,
      });
    }
    return id;
  }

  /** What a completed job records for a photo it could read (the adapter's `recordAnalyses`). */
  recordAnalysis(analysis: PhotoAnalysis): void {
    const row = this.rows.get(uuid(analysis.imageId));
    if (!row) throw new Error(`recordAnalysis: no photo ${analysis.imageId}`);
    Object.assign(row, {
      status: 'ready',
      rejectionReason: null,
      previewKey: analysis.previewKey,
      thumbnailKey: analysis.thumbnailKey,
      width: integer(analysis.width),
      height: integer(analysis.height),
      takenAt: analysis.takenAt,
      place: analysis.place,
    });
  }

  /** What a job records for a photo it could not read (the adapter's `recordRejections`). */
  recordRejection(imageId: string, reason: string): void {
    const row = this.rows.get(uuid(imageId));
    if (!row) throw new Error(`recordRejection: no photo ${imageId}`);
    // An organized photo keeps its albums: a later job that could not read it says so on the job only.
    if (row.status === 'ready') return;
    Object.assign(row, { status: 'rejected', rejectionReason: text(reason) });
  }

  /** DELETE FROM images: memberships cascade, covers pointing at the photo become null. */
  deleteRow(imageId: string): boolean {
    const id = uuid(imageId);
    if (!this.rows.delete(id)) return false;
    this.createdAtMicros.delete(id);
    for (const listener of this.#onDelete) listener(id);
    return true;
  }

  /** For tables with a foreign key to `images` (album_images, albums.cover_image_id). */
  onDelete(listener: (imageId: string) => void): void {
    this.#onDelete.push(listener);
  }
}

// ---------------------------------------------------------------------------------------------------
// Jobs
// ---------------------------------------------------------------------------------------------------

/** What PostgreSQL refuses in images' description columns (migration 014, and text without NUL). */
function checkDescription(description: PhotoDescriptionRecord): void {
  if (description.tags.length > TAGS_MAX)
    throw new Error('new row for relation "images" violates check constraint "images_tags_bounded"');
  if (description.source !== 'model' && description.source !== 'offline')
    throw new Error(
      'new row for relation "images" violates check constraint "images_description_source_check"',
    );
  if (description.caption !== null) text(description.caption);
  for (const tag of description.tags) text(tag);
}

function copyJob(job: Job): Job {
  return { ...job, imageKeys: [...job.imageKeys] };
}

export class InMemoryJobs implements JobRepository {
  readonly rows = new Map<string, Job>();
  readonly outcomes = new Map<string, JobOutcome>();
  /** The `idempotency_key` column, by job id. */
  readonly idempotencyKeys = new Map<string, string>();
  /** Simulates another attempt stealing the job between claim and completion. */
  loseLeaseOnComplete = false;

  async create(job: NewJob) {
    const ownerId = uuid(job.ownerId);
    if (job.idempotencyKey !== null) {
      const key = text(job.idempotencyKey);
      const existing = [...this.idempotencyKeys.entries()].find(
        ([id, rowKey]) => rowKey === key && this.rows.get(id)?.ownerId === ownerId,
      );
      if (existing) return { job: copyJob(this.rows.get(existing[0]) as Job), created: false };
    }
    const id = uuid(job.id);
    if (this.rows.has(id))
      throw new Error('duplicate key value violates unique constraint "processing_jobs_pkey"');
    const row: Job = {
      id,
      ownerId,
      status: 'pending',
      imageKeys: job.imageKeys.map(text),
      attempts: 0,
      error: null,
      result: null,
      createdAt: new Date(),
      startedAt: null,
      completedAt: null,
      undoneAt: null,
    };
    this.rows.set(id, row);
    if (job.idempotencyKey !== null) this.idempotencyKeys.set(id, job.idempotencyKey);
    return { job: copyJob(row), created: true };
  }

  async findOwned(ownerId: string, jobId: string) {
    const row = this.rows.get(uuid(jobId));
    return row && row.ownerId === uuid(ownerId) ? copyJob(row) : null;
  }

  async findById(jobId: string) {
    const row = this.rows.get(uuid(jobId));
    return row ? copyJob(row) : null;
  }

  /** Who holds each processing job (the fake has no lease expiry: a held job stays held). */
  readonly claimants = new Map<string, string | undefined>();

  async claim(jobId: string, policy: ClaimPolicy, claimant?: string): Promise<ClaimOutcome> {
    const row = this.rows.get(uuid(jobId));
    if (!row) return { kind: 'missing' };
    if (row.status === 'completed' || row.status === 'failed') return { kind: 'finished', job: copyJob(row) };
    const heldBySameMessage = claimant !== undefined && this.claimants.get(row.id) === claimant;
    if (row.status === 'processing' && !heldBySameMessage) return { kind: 'busy', job: copyJob(row) };
    if (row.attempts >= policy.maxAttempts) {
      Object.assign(row, {
        status: 'failed',
        error: gaveUpMessage(row.attempts, row.error),
        completedAt: new Date(),
      });
      return { kind: 'exhausted', job: copyJob(row) };
    }
    Object.assign(row, { status: 'processing', attempts: row.attempts + 1, startedAt: new Date() });
    this.claimants.set(row.id, claimant);
    return { kind: 'claimed', job: copyJob(row) };
  }

  async complete(jobId: string, attempt: AttemptFence, outcome: JobOutcome) {
    const row = this.rows.get(uuid(jobId));
    if (row?.status !== 'processing' || row.attempts !== attempt || this.loseLeaseOnComplete) return false;
    // Checked before anything is written, as one transaction would roll back on a constraint.
    for (const description of outcome.descriptions ?? []) checkDescription(description);
    Object.assign(row, { status: 'completed', result: outcome.result, error: null, completedAt: new Date() });
    this.outcomes.set(row.id, outcome);
    for (const { imageId, ...description } of outcome.descriptions ?? [])
      this.descriptions.set(uuid(imageId), { ...description, tags: [...description.tags] });
    return true;
  }

  /**
   * images.caption, tags and description_source by photo id, as the organizing wrote them: a later
   * job's replace an earlier one's; undoing keeps them.
   */
  readonly descriptions = new Map<string, PhotoDescription>();

  /** Only the attempt named by the fence can fail a job: a pending one for UNCLAIMED, else a running one. */
  async fail(jobId: string, attempt: AttemptFence, error: string, rejected: RejectedPhoto[] = []) {
    const row = this.rows.get(uuid(jobId));
    const holding = attempt === UNCLAIMED ? 'pending' : 'processing';
    if (!row || row.status !== holding || row.attempts !== attempt) return false;
    Object.assign(row, {
      status: 'failed',
      error: text(error),
      result: { organizer: 'fallback', albumCount: 0, placedCount: 0, rejected },
      completedAt: new Date(),
    });
    return true;
  }

  /**
   * Marks the job undone; the albums it made live in InMemoryAlbums (or PostgreSQL), which this fake
   * does not reach: what undoing does to albums is tested on PostgreSQL.
   */
  async undo(ownerId: string, jobId: string, notBefore: Date): Promise<UndoOutcome> {
    const row = this.rows.get(uuid(jobId));
    if (!row || row.ownerId !== uuid(ownerId)) return { kind: 'missing' };
    if (row.undoneAt) return { kind: 'undone', job: copyJob(row) };
    if (row.status !== 'completed') return { kind: 'not_completed', job: copyJob(row) };
    if (!row.completedAt || row.completedAt < notBefore) return { kind: 'expired', job: copyJob(row) };
    row.undoneAt = new Date();
    return { kind: 'undone', job: copyJob(row) };
  }

  async resetFailed(ownerId: string, jobId: string) {
    const row = this.rows.get(uuid(jobId));
    if (!row || row.ownerId !== uuid(ownerId)) return { kind: 'missing' as const };
    if (row.status !== 'failed') return { kind: 'not_failed' as const, job: copyJob(row) };
    Object.assign(row, {
      status: 'pending',
      attempts: 0,
      error: null,
      result: null,
      startedAt: null,
      completedAt: null,
    });
    return { kind: 'reset' as const, job: copyJob(row) };
  }

  async release(jobId: string, attempt: AttemptFence, error: string) {
    const row = this.rows.get(uuid(jobId));
    if (row && row.status === 'processing' && row.attempts === attempt)
      Object.assign(row, { status: 'pending', error });
  }
}

/**
 * The SQS queue: keeps each message body exactly as the adapter sends it, and reads it back through
 * the worker's own parser, so a test sees only what a worker would accept.
 */
export class InMemoryQueue implements JobQueue {
  readonly bodies: string[] = [];
  #failure: Error | null = null;

  async enqueueProcessJob(jobId: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.bodies.push(JSON.stringify(processJobMessage(jobId)));
  }

  async enqueueAlbumPage(albumId: string, requestId: string): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.bodies.push(JSON.stringify(generateAlbumPageMessage(albumId, requestId)));
  }

  /** Every message on the queue, parsed as the worker parses it, in the order they were sent. */
  get messages(): JobMessage[] {
    return this.bodies.map((body) => parseJobMessage(body));
  }

  /** The job ids of the process-job messages on the queue, in the order they were sent. */
  get jobIds(): string[] {
    return this.messages.flatMap((message) => (message.type === 'process-job' ? [message.jobId] : []));
  }

  /** Every send from now on fails as SQS does when it is unreachable. */
  failWith(message = 'connect ETIMEDOUT sqs.eu-west-1.amazonaws.com'): void {
    this.#failure = Object.assign(new Error(message), { name: 'TimeoutError' });
  }

  recover(): void {
    this.#failure = null;
  }
}

// ---------------------------------------------------------------------------------------------------
// Albums, the gallery and the library
// ---------------------------------------------------------------------------------------------------

interface AlbumRow {
  id: string;
  ownerId: string;
  jobId: string | null;
  title: string;
  themeDescription: string;
  coverImageId: string | null;
  createdAt: Date;
  origin: 'organizer' | 'user';
  /** Deleted by the user (merged away): hidden from every method until restored. */
  deletedAt: Date | null;
}

interface Membership {
  albumId: string;
  imageId: string;
  displayOrder: number;
}

const byOrderThenId = (a: Membership, b: Membership) =>
  a.displayOrder - b.displayOrder || (a.imageId < b.imageId ? -1 : a.imageId > b.imageId ? 1 : 0);

/**
 * The `albums` and `album_images` tables over an InMemoryPhotos, with PostgresAlbumRepository's and
 * PostgresGalleryRepository's semantics: every method scoped to the owner, covers kept pointing at a
 * photo of the album, display orders renumbered 0..n-1 after every change.
 */
export class InMemoryAlbums implements AlbumRepository, GalleryRepository {
  readonly albums = new Map<string, AlbumRow>();
  memberships: Membership[] = [];
  /** `album_exclusions`: "albumId/imageId" of photos the user took out of an album. */
  readonly exclusions = new Set<string>();
  readonly #photos: InMemoryPhotos;
  readonly #clock: Clock;

  constructor(photos: InMemoryPhotos, options: { clock?: Clock } = {}) {
    this.#photos = photos;
    this.#clock = options.clock ?? systemClock;
    photos.onDelete((imageId) => {
      this.memberships = this.memberships.filter((membership) => membership.imageId !== imageId);
      for (const album of this.albums.values()) if (album.coverImageId === imageId) album.coverImageId = null;
    });
  }

  /**
   * Inserts an album as a completed job does: the photos in the given order, the cover the first of
   * them unless named. Foreign keys are checked as PostgreSQL checks them.
   */
  insert(album: {
    id?: string;
    ownerId: string;
    title: string;
    themeDescription?: string;
    imageIds: string[];
    coverImageId?: string | null;
    jobId?: string | null;
    createdAt?: Date;
  }): string {
    const id = uuid(album.id ?? randomUUID());
    if (this.albums.has(id)) throw new Error('duplicate key value violates unique constraint "albums_pkey"');
    const imageIds = album.imageIds.map(uuid);
    const coverImageId = album.coverImageId === undefined ? (imageIds[0] ?? null) : album.coverImageId;
    for (const imageId of [...imageIds, ...(coverImageId ? [uuid(coverImageId)] : [])]) {
      if (!this.#photos.rows.has(imageId))
        throw new Error(`insert or update violates foreign key constraint: no image ${imageId}`);
    }
    if (new Set(imageIds).size !== imageIds.length)
      throw new Error('duplicate key value violates unique constraint "album_images_pk"');
    this.albums.set(id, {
      id,
      ownerId: uuid(album.ownerId),
      jobId: album.jobId ?? null,
      title: text(album.title),
      themeDescription: text(album.themeDescription ?? ''),
      coverImageId: coverImageId ? uuid(coverImageId) : null,
      createdAt: album.createdAt ?? this.#clock.now(),
      origin: 'organizer',
      deletedAt: null,
    });
    this.memberships.push(
      ...imageIds.map((imageId, displayOrder) => ({ albumId: id, imageId, displayOrder })),
    );
    return id;
  }

  async findOwned(ownerId: string, albumId: string): Promise<GalleryAlbum | null> {
    const album = this.#owned(ownerId, albumId);
    return album ? this.#toGalleryAlbum(album) : null;
  }

  async listAlbums(ownerId: string): Promise<GalleryAlbum[]> {
    const owner = uuid(ownerId);
    return [...this.albums.values()]
      .filter((album) => album.ownerId === owner && album.deletedAt === null)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((album) => this.#toGalleryAlbum(album));
  }

  async update(ownerId: string, albumId: string, changes: AlbumChanges): Promise<UpdateAlbumOutcome> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return 'album_not_found';
    const title = changes.title === undefined ? undefined : text(changes.title);
    const description = changes.themeDescription === undefined ? undefined : text(changes.themeDescription);
    if (changes.coverImageId !== undefined) {
      const cover = uuid(changes.coverImageId);
      const member = this.#members(album.id).some(
        (membership) => membership.imageId === cover && this.#visible(this.#photos.rows.get(cover), album),
      );
      if (!member) return 'cover_not_in_album';
      album.coverImageId = cover;
    }
    if (title !== undefined) album.title = title;
    if (description !== undefined) album.themeDescription = description;
    return 'updated';
  }

  async delete(ownerId: string, albumId: string, at: Date): Promise<boolean> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return false;
    album.deletedAt = at;
    return true;
  }

  async restore(ownerId: string, albumId: string): Promise<boolean> {
    const album = this.albums.get(uuid(albumId));
    if (!album || album.ownerId !== uuid(ownerId) || album.deletedAt === null) return false;
    album.deletedAt = null;
    return true;
  }

  /**
   * DELETE FROM images for these photos (memberships cascade, covers become null), then the albums
   * that held them renumbered and their covers repaired: what purging the Trash does.
   */
  deletePhotoRows(imageIds: readonly string[]): void {
    const ids = new Set(imageIds.map(uuid));
    const affected = [...this.albums.values()]
      .filter(
        (album) =>
          (album.coverImageId !== null && ids.has(album.coverImageId)) ||
          this.#members(album.id).some((membership) => ids.has(membership.imageId)),
      )
      .map((album) => album.id);
    for (const id of ids) this.#photos.deleteRow(id);
    this.#renumber(affected);
    this.#repairCovers(affected);
  }

  /** DELETE FROM albums WHERE deleted_at < cutoff: memberships cascade. */
  deleteAlbumsDeletedBefore(cutoff: Date): number {
    const doomed = [...this.albums.values()].filter(
      (album) => album.deletedAt !== null && album.deletedAt.getTime() < cutoff.getTime(),
    );
    for (const album of doomed) this.albums.delete(album.id);
    const gone = new Set(doomed.map((album) => album.id));
    this.memberships = this.memberships.filter((membership) => !gone.has(membership.albumId));
    for (const key of [...this.exclusions])
      if (gone.has(key.split('/')[0] as string)) this.exclusions.delete(key);
    return doomed.length;
  }

  async addPhoto(
    ownerId: string,
    move: { albumId: string; imageId: string; fromAlbumId: string | null },
  ): Promise<AddPhotoOutcome> {
    const owner = uuid(ownerId);
    const imageId = uuid(move.imageId);
    const image = this.#photos.rows.get(imageId);
    const target = this.#owned(owner, move.albumId);
    const source = move.fromAlbumId === null ? null : this.#owned(owner, move.fromAlbumId);
    if (!target) return 'album_not_found';
    if (move.fromAlbumId !== null && !source) return 'source_album_not_found';
    if (!image || image.ownerId !== owner) return 'photo_not_found';
    if (image.trashedAt !== null) return 'photo_in_trash';
    if (image.status !== 'ready') return 'photo_not_ready';

    const touched = [...new Set([target.id, ...(source ? [source.id] : [])])];
    this.memberships = this.memberships.filter(
      (membership) => !(touched.includes(membership.albumId) && membership.imageId === imageId),
    );
    if (source && source.id !== target.id) this.exclusions.add(`${source.id}/${imageId}`);
    this.exclusions.delete(`${target.id}/${imageId}`);
    this.#renumber(touched);
    this.memberships.push({ albumId: target.id, imageId, displayOrder: this.#members(target.id).length });
    this.#repairCovers(touched);
    return 'added';
  }

  async removePhoto(ownerId: string, albumId: string, imageId: string): Promise<RemovePhotoOutcome> {
    const result = await this.removePhotos(ownerId, albumId, [imageId]);
    if (result.outcome === 'album_not_found') return 'album_not_found';
    return result.removed > 0 ? 'removed' : 'photo_not_in_album';
  }

  async findPhoto(ownerId: string, imageId: string): Promise<Photo | null> {
    const row = this.#photos.rows.get(uuid(imageId));
    return row && row.ownerId === uuid(ownerId) ? copyPhoto(row) : null;
  }

  async albumsHolding(ownerId: string, imageId: string): Promise<AlbumRef[]> {
    const owner = uuid(ownerId);
    const id = uuid(imageId);
    return this.memberships
      .filter((membership) => membership.imageId === id)
      .map((membership) => this.albums.get(membership.albumId))
      .filter((album): album is AlbumRow => album?.ownerId === owner && album.deletedAt === null)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((album) => ({ id: album.id, title: album.title }));
  }

  async listLibrary(
    ownerId: string,
    page: { limit: number; after: LibraryPosition | null },
  ): Promise<LibraryPage> {
    const owner = uuid(ownerId);
    if (integer(page.limit) < 0) throw new Error('LIMIT must not be negative');
    const after = page.after ? { micros: timestamptzMicros(page.after.at), id: uuid(page.after.id) } : null;
    const micros = (photo: Photo) => this.#timelineMicros(photo);
    const rows = this.#libraryPhotos(owner)
      .filter(
        (photo) =>
          !after || micros(photo) < after.micros || (micros(photo) === after.micros && photo.id < after.id),
      )
      .sort((a, b) => micros(b) - micros(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit + 1);
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    return {
      photos: pageRows.map((photo) => ({
        ...shownPhoto(photo),
        createdAt: photo.createdAt,
        likeness: this.#likeness(photo),
        albumIds: this.memberships
          .filter((membership) => membership.imageId === photo.id)
          .map((membership) => this.albums.get(membership.albumId))
          .filter((album): album is AlbumRow => album?.ownerId === owner && album.deletedAt === null)
          .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? -1 : 1))
          .map((album) => album.id),
      })),
      next: rows.length > page.limit && last ? { at: microsecondIso(micros(last)), id: last.id } : null,
    };
  }

  async libraryMonths(ownerId: string): Promise<LibraryMonth[]> {
    const counts = new Map<string, number>();
    for (const photo of this.#libraryPhotos(uuid(ownerId))) {
      const month = microsecondIso(this.#timelineMicros(photo)).slice(0, 7);
      counts.set(month, (counts.get(month) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => (a < b ? 1 : -1)).map(([month, count]) => ({ month, count }));
  }

  /** The owner's ready photos not in the Trash. */
  #libraryPhotos(owner: string): Photo[] {
    return [...this.#photos.rows.values()].filter(
      (photo) => photo.ownerId === owner && photo.status === 'ready' && photo.trashedAt === null,
    );
  }

  /** coalesce(taken_at, created_at), to the microsecond. */
  #timelineMicros(photo: Photo): number {
    if (photo.takenAt) return photo.takenAt.getTime() * 1000;
    return this.#photos.createdAtMicros.get(photo.id) ?? photo.createdAt.getTime() * 1000;
  }

  async create(
    ownerId: string,
    album: { id: string; title: string; themeDescription: string; imageIds: string[] },
  ): Promise<CreateAlbumOutcome> {
    const owner = uuid(ownerId);
    const problem = this.#checkPhotos(owner, album.imageIds);
    if (problem) return problem;
    const id = this.insert({
      id: album.id,
      ownerId: owner,
      title: album.title,
      themeDescription: album.themeDescription,
      imageIds: album.imageIds,
    });
    (this.albums.get(id) as AlbumRow).origin = 'user';
    return { outcome: 'created', albumId: id };
  }

  async addPhotos(
    ownerId: string,
    move: { albumId: string; imageIds: string[]; fromAlbumId: string | null },
  ): Promise<AddPhotosOutcome> {
    const owner = uuid(ownerId);
    const imageIds = move.imageIds.map(uuid);
    const problem = this.#checkPhotos(owner, imageIds);
    const target = this.#owned(owner, move.albumId);
    const source = move.fromAlbumId === null ? null : this.#owned(owner, move.fromAlbumId);
    if (!target) return { outcome: 'album_not_found' };
    if (move.fromAlbumId !== null && !source) return { outcome: 'source_album_not_found' };
    if (problem) return problem;
    if (source) this.#takeOut(source.id, imageIds);
    const there = new Set(this.#members(target.id).map((membership) => membership.imageId));
    const added = imageIds.filter((imageId) => !there.has(imageId));
    this.#append(target.id, added);
    for (const imageId of imageIds) this.exclusions.delete(`${target.id}/${imageId}`);
    const touched = [target.id, ...(source ? [source.id] : [])];
    this.#renumber(touched);
    this.#repairCovers(touched);
    return { outcome: 'added', added: added.length };
  }

  async removePhotos(ownerId: string, albumId: string, imageIds: string[]): Promise<RemovePhotosOutcome> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return { outcome: 'album_not_found' };
    // A photo in the Trash keeps its place (hidden), so restoring puts it back where it was.
    const visible = imageIds.map(uuid).filter((id) => this.#visible(this.#photos.rows.get(id), album));
    const removed = this.#takeOut(album.id, visible);
    this.#renumber([album.id]);
    this.#repairCovers([album.id]);
    return { outcome: 'removed', removed };
  }

  async merge(ownerId: string, albumId: string, sourceIds: string[]): Promise<MergeAlbumsOutcome> {
    const target = this.#owned(ownerId, albumId);
    if (!target) return { outcome: 'album_not_found' };
    const missing = sourceIds.filter((sourceId) => !this.#owned(ownerId, sourceId));
    if (missing.length > 0) return { outcome: 'source_albums_not_found', albumIds: missing };
    const shared = sourceIds.filter((sourceId) => this.sharedWithMembers(sourceId));
    if (shared.length > 0) return { outcome: 'source_albums_shared', albumIds: shared };
    const there = new Set(this.#members(target.id).map((membership) => membership.imageId));
    const added: string[] = [];
    for (const sourceId of sourceIds.map(uuid)) {
      for (const { imageId } of this.#members(sourceId)) {
        if (there.has(imageId) || this.#photos.rows.get(imageId)?.ownerId !== target.ownerId) continue;
        there.add(imageId);
        added.push(imageId);
      }
      (this.albums.get(sourceId) as AlbumRow).deletedAt = this.#clock.now();
    }
    this.#append(target.id, added);
    for (const imageId of added) this.exclusions.delete(`${target.id}/${imageId}`);
    this.#repairCovers([target.id]);
    return { outcome: 'merged', added: added.length };
  }

  /** Unknown or foreign ids first; then photos in the Trash; then photos that are not ready. */
  #checkPhotos(owner: string, imageIds: string[]): PhotosProblem | null {
    const ids = imageIds.map(uuid);
    const missing = ids.filter((id) => this.#photos.rows.get(id)?.ownerId !== owner);
    if (missing.length > 0) return { outcome: 'photos_not_found', imageIds: missing };
    const trashed = ids.filter((id) => this.#photos.rows.get(id)?.trashedAt !== null);
    if (trashed.length > 0) return { outcome: 'photos_in_trash', imageIds: trashed };
    const unusable = ids.filter((id) => this.#photos.rows.get(id)?.status !== 'ready');
    return unusable.length > 0 ? { outcome: 'photos_not_ready', imageIds: unusable } : null;
  }

  /** Removes the memberships and records the exclusions; returns how many there were. */
  #takeOut(albumId: string, imageIds: string[]): number {
    const out = new Set(imageIds);
    const before = this.memberships.length;
    this.memberships = this.memberships.filter((membership) => {
      const leaving = membership.albumId === albumId && out.has(membership.imageId);
      if (leaving) this.exclusions.add(`${albumId}/${membership.imageId}`);
      return !leaving;
    });
    return before - this.memberships.length;
  }

  #append(albumId: string, imageIds: string[]): void {
    const start = this.#members(albumId).length;
    this.memberships.push(
      ...imageIds.map((imageId, index) => ({ albumId, imageId, displayOrder: start + index })),
    );
  }

  async recentComparable(ownerId: string, limit: number): Promise<ComparablePhoto[]> {
    const owner = uuid(ownerId);
    if (integer(limit) < 0) throw new Error('LIMIT must not be negative');
    const micros = (photo: Photo) =>
      this.#photos.createdAtMicros.get(photo.id) ?? photo.createdAt.getTime() * 1000;
    return [...this.#photos.rows.values()]
      .filter((photo) => photo.ownerId === owner && photo.status === 'ready' && photo.trashedAt === null)
      .sort((a, b) => micros(b) - micros(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, limit)
      .map((photo) => ({ ...shownPhoto(photo), likeness: this.#likeness(photo) }));
  }

  #likeness(photo: Photo): PhotoLikeness {
    return {
      perceptualHash: this.#photos.fingerprints.get(photo.id)?.perceptualHash ?? null,
      look: photo.look ? [...photo.look] : null,
      sizeBytes: photo.sizeBytes,
      createdAt: photo.createdAt,
    };
  }

  #owned(ownerId: string, albumId: string): AlbumRow | undefined {
    const album = this.albums.get(uuid(albumId));
    return album && album.ownerId === uuid(ownerId) && album.deletedAt === null ? album : undefined;
  }

  /** A photo of the owner that is not in the Trash. */
  /**
   * Shown in the album: not in the Trash, and the album owner's or an accepted contributor's (issue
   * 17), as postgres/album-visibility.ts has it.
   */
  #visible(photo: Photo | undefined, album: AlbumRow): photo is Photo {
    return (
      photo !== undefined &&
      photo.trashedAt === null &&
      (photo.ownerId === album.ownerId || this.contributors(album.id).has(photo.ownerId))
    );
  }

  /** Whether anyone is invited to or has joined the album (InMemoryMembers sets it): no one by default. */
  sharedWithMembers: (albumId: string) => boolean = () => false;

  /** The accepted contributors of an album (InMemoryMembers sets it): none by default. */
  contributors: (albumId: string) => ReadonlySet<string> = () => new Set();

  /** Any live album as its owner sees it, for the members' side of the fakes; null when deleted or unknown. */
  shownAlbum(albumId: string): GalleryAlbum | null {
    const album = this.albums.get(albumId);
    return album && album.deletedAt === null ? this.#toGalleryAlbum(album) : null;
  }

  /** Appends photos (not already there) to an album, as a contributor adds them; returns how many. */
  appendPhotos(albumId: string, imageIds: readonly string[]): number {
    const there = new Set(this.#members(albumId).map((membership) => membership.imageId));
    const added = imageIds.filter((imageId) => !there.has(imageId));
    for (const imageId of added) {
      this.memberships.push({ albumId, imageId, displayOrder: this.#members(albumId).length });
      this.exclusions.delete(`${albumId}/${imageId}`);
    }
    this.#repairCovers([albumId]);
    return added.length;
  }

  /** Takes photos out of an album (order and cover repaired); `exclude`: organizing never puts them back. */
  takePhotosOut(albumId: string, imageIds: readonly string[], exclude: boolean): number {
    const removed = this.#takeOut(albumId, [...imageIds]);
    if (!exclude) for (const imageId of imageIds) this.exclusions.delete(`${albumId}/${imageId}`);
    this.#renumber([albumId]);
    this.#repairCovers([albumId]);
    return removed;
  }

  #members(albumId: string): Membership[] {
    return this.memberships.filter((membership) => membership.albumId === albumId).sort(byOrderThenId);
  }

  #toGalleryAlbum(album: AlbumRow): GalleryAlbum {
    const shown = this.#members(album.id).flatMap((membership) => {
      const photo = this.#photos.rows.get(membership.imageId);
      return this.#visible(photo, album) ? [{ photo, membership }] : [];
    });
    const photos = shown.map(
      ({ photo, membership }): GalleryPhoto => ({
        ...shownPhoto(photo),
        displayOrder: membership.displayOrder,
        likeness: this.#likeness(photo),
      }),
    );
    return {
      id: album.id,
      title: album.title,
      themeDescription: album.themeDescription,
      coverImageId: shownCover(
        album.coverImageId,
        photos.map((photo) => photo.id),
      ),
      createdAt: album.createdAt,
      span: albumSpan(shown.map(({ photo }) => photo)),
      photos,
    };
  }

  /** Display orders become 0..n-1, in their previous order. */
  #renumber(albumIds: string[]): void {
    for (const albumId of albumIds) {
      for (const [position, membership] of this.#members(albumId).entries())
        membership.displayOrder = position;
    }
  }

  /** A cover that left the album becomes its first photo; an empty album has none. */
  #repairCovers(albumIds: string[]): void {
    for (const albumId of albumIds) {
      const album = this.albums.get(albumId);
      if (!album) continue;
      const members = this.#members(albumId);
      if (!members.some((membership) => membership.imageId === album.coverImageId))
        album.coverImageId = members[0]?.imageId ?? null;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The Trash
// ---------------------------------------------------------------------------------------------------

/** `images.trashed_at` over an InMemoryPhotos and InMemoryAlbums, with PostgresTrashRepository's semantics. */
export class InMemoryTrash implements TrashRepository {
  readonly #photos: InMemoryPhotos;
  readonly #albums: InMemoryAlbums;

  constructor(photos: InMemoryPhotos, albums: InMemoryAlbums) {
    this.#photos = photos;
    this.#albums = albums;
  }

  async trash(ownerId: string, imageIds: readonly string[], at: Date): Promise<{ notFound: string[] }> {
    return this.#allOrNothing(ownerId, imageIds, (photo) => {
      photo.trashedAt ??= at;
    });
  }

  async restore(ownerId: string, imageIds: readonly string[]): Promise<{ notFound: string[] }> {
    return this.#allOrNothing(ownerId, imageIds, (photo) => {
      photo.trashedAt = null;
    });
  }

  async list(ownerId: string, page: { limit: number; after: TrashPosition | null }): Promise<TrashPage> {
    if (integer(page.limit) < 0) throw new Error('LIMIT must not be negative');
    const after = page.after
      ? { micros: timestamptzMicros(page.after.trashedAt), id: uuid(page.after.id) }
      : null;
    const micros = (photo: Photo) => (photo.trashedAt as Date).getTime() * 1000;
    const rows = this.#trashed({ ownerId, trashedBefore: null })
      .filter(
        (photo) =>
          !after || micros(photo) < after.micros || (micros(photo) === after.micros && photo.id < after.id),
      )
      .sort((a, b) => micros(b) - micros(a) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .slice(0, page.limit + 1);
    const pageRows = rows.slice(0, page.limit);
    const last = pageRows.at(-1);
    return {
      photos: pageRows.map((photo) => ({
        ...shownPhoto(photo),
        createdAt: photo.createdAt,
        trashedAt: photo.trashedAt as Date,
      })),
      next:
        rows.length > page.limit && last ? { trashedAt: microsecondIso(micros(last)), id: last.id } : null,
    };
  }

  async count(ownerId: string): Promise<number> {
    return this.#trashed({ ownerId, trashedBefore: null }).length;
  }

  async purge(
    selection: TrashSelection,
    deleteFiles: (photos: PurgedPhotoFiles[]) => Promise<void>,
  ): Promise<number> {
    const doomed = this.#trashed(selection)
      .sort(
        (a, b) => (a.trashedAt as Date).getTime() - (b.trashedAt as Date).getTime() || (a.id < b.id ? -1 : 1),
      )
      .slice(0, integer(selection.limit));
    if (doomed.length === 0) return 0;
    // As the adapter: the records go only once every file is gone.
    await deleteFiles(
      doomed.map((photo) => ({
        storageKey: photo.storageKey,
        previewKey: photo.previewKey,
        thumbnailKey: photo.thumbnailKey,
        modelKey: photo.modelKey,
      })),
    );
    this.#albums.deletePhotoRows(doomed.map((photo) => photo.id));
    return doomed.length;
  }

  async purgeDeletedAlbums(deletedBefore: Date): Promise<number> {
    return this.#albums.deleteAlbumsDeletedBefore(deletedBefore);
  }

  #trashed(selection: { ownerId?: string; trashedBefore: Date | null }): Photo[] {
    const owner = selection.ownerId === undefined ? undefined : uuid(selection.ownerId);
    return [...this.#photos.rows.values()].filter(
      (photo) =>
        photo.trashedAt !== null &&
        (owner === undefined || photo.ownerId === owner) &&
        (selection.trashedBefore === null || photo.trashedAt.getTime() < selection.trashedBefore.getTime()),
    );
  }

  #allOrNothing(
    ownerId: string,
    imageIds: readonly string[],
    change: (photo: Photo) => void,
  ): { notFound: string[] } {
    const owner = uuid(ownerId);
    const ids = imageIds.map(uuid);
    const notFound = ids.filter((id) => this.#photos.rows.get(id)?.ownerId !== owner);
    if (notFound.length > 0) return { notFound };
    for (const id of ids) change(this.#photos.rows.get(id) as Photo);
    return { notFound: [] };
  }
}

// ---------------------------------------------------------------------------------------------------
// Storage and signed URLs
// ---------------------------------------------------------------------------------------------------

/** Objects in memory, and fake signed URLs for them (both ports, as one S3 bucket serves both). */
export class InMemoryStorage implements PhotoStorage, PhotoUrlSigner {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  failGets = false;
  failHeads = false;
  failDeletes = false;

  async presignUpload(input: { key: string; contentType: string }) {
    return { url: `memory://${input.key}?signed`, headers: { 'Content-Type': input.contentType } };
  }
  async presignDownload(key: string) {
    return `memory://${key}?signed-get`;
  }
  async head(key: string) {
    if (this.failHeads) throw unreachable();
    const object = this.objects.get(key);
    return object ? { contentLength: object.body.byteLength, contentType: object.contentType } : null;
  }
  async get(key: string) {
    if (this.failGets) throw unreachable();
    return this.objects.get(key)?.body ?? null;
  }
  readonly kept = new Set<string>();

  failKeeps = false;

  async keep(key: string) {
    if (this.failKeeps) throw unreachable();
    if (!this.objects.has(key)) throw new Error(`keep: no object ${key}`);
    this.kept.add(key);
  }

  async put(key: string, body: Uint8Array, contentType: string) {
    this.objects.set(key, { body, contentType });
  }
  /** As S3: deleting an object that is not there is not an error. */
  async delete(key: string) {
    if (this.failDeletes) throw unreachable();
    this.objects.delete(key);
    this.kept.delete(key);
  }
}

function unreachable(): Error {
  return Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
}

/** S3's SigV4 limit on a presigned URL's lifetime. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 3600;

/**
 * Deterministic signed URLs that spell out what was signed (method, key, type, length, lifetime), so a
 * test can read them. Refuses what S3's presigner refuses: an empty or over-long key, a lifetime
 * outside 1 second to 7 days, a length that is not a whole number of bytes.
 */
export class FakeUrlSigner implements PhotoUrlSigner {
  static readonly origin = 'https://photos.test';

  async presignUpload(input: {
    key: string;
    contentType: string;
    contentLength: number;
    expiresInSeconds: number;
    sha256?: string | undefined;
  }) {
    checkKey(input.key);
    checkLifetime(input.expiresInSeconds);
    if (!Number.isInteger(input.contentLength) || input.contentLength < 0)
      throw new Error(`content-length ${input.contentLength} cannot be signed`);
    if (input.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.sha256))
      throw new Error(`not a SHA-256: ${input.sha256}`);
    const query = new URLSearchParams({
      method: 'PUT',
      'content-type': input.contentType,
      'content-length': String(input.contentLength),
      ...(input.sha256 ? { sha256: input.sha256 } : {}),
      expires: String(input.expiresInSeconds),
    });
    return {
      url: `${FakeUrlSigner.origin}/${input.key}?${query}`,
      headers: {
        'Content-Type': input.contentType,
        ...(input.sha256
          ? { 'x-amz-checksum-sha256': Buffer.from(input.sha256, 'hex').toString('base64') }
          : {}),
      },
    };
  }

  async presignDownload(key: string, expiresInSeconds: number) {
    checkKey(key);
    checkLifetime(expiresInSeconds);
    return `${FakeUrlSigner.origin}/${key}?method=GET&expires=${expiresInSeconds}`;
  }
}

function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || Buffer.byteLength(key) > 1024)
    throw new Error(`not a valid S3 key: ${JSON.stringify(key)}`);
}

function checkLifetime(seconds: number): void {
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PRESIGN_SECONDS)
    throw new Error(`presigned URLs must expire within 1 s to 7 days, not ${seconds} s`);
}

// ---------------------------------------------------------------------------------------------------
// Images and the planner
// ---------------------------------------------------------------------------------------------------

/** Treats the bytes as a UTF-8 JSON description of the photo, or rejects "not-an-image". */
export class FakeAnalyzer implements ImageAnalyzer {
  async analyze(bytes: Uint8Array): Promise<AnalyzedImage> {
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.startsWith('{')) throw new ImageRejectedError('the file is not an image');
    const meta = JSON.parse(text) as {
      takenAt?: string;
      gps?: { latitude: number; longitude: number };
      camera?: string;
      settings?: Partial<CameraSettings>;
      faces?: FoundFace[];
    };
    return {
      preview: new Uint8Array([1, 2, 3]),
      thumbnail: new Uint8Array([1, 2]),
      // FakeFaceReader finds the described faces in it.
      modelImage: meta.faces ? Buffer.from(JSON.stringify({ faces: meta.faces })) : new Uint8Array([4, 5]),
      width: 4,
      height: 3,
      takenAt: meta.takenAt ? new Date(meta.takenAt) : null,
      gps: meta.gps ?? null,
      camera: meta.camera ?? null,
      settings: { ...NO_CAMERA_SETTINGS, ...meta.settings },
      sha256: createHash('sha256').update(bytes).digest('hex'),
      perceptualHash: '0000000000000000',
      look: [],
    };
  }
}

/** Finds the faces FakeAnalyzer wrote into a model image, and counts how often it was asked. */
export class FakeFaceReader implements FaceReader {
  reads = 0;
  async read(image: Uint8Array): Promise<FoundFace[]> {
    this.reads += 1;
    const text = Buffer.from(image).toString('utf8');
    return text.startsWith('{') ? ((JSON.parse(text) as { faces: FoundFace[] }).faces ?? []) : [];
  }
}

/** Settings and people in memory, clustered by the same core rule as the Postgres repository. */
export class InMemoryPeople implements SettingsRepository, PeopleRepository {
  readonly recognition = new Map<string, boolean>();
  people: (KnownPerson & { ownerId: string })[] = [];
  /** What the user gave each person (the clustering rebuilds `people`, so this is kept apart). */
  readonly given = new Map<string, { name: string | null; hidden: boolean }>();
  /** Faces by photo id: each face's owner, person, box, score and descriptor. */
  readonly faces = new Map<
    string,
    ({ ownerId: string; personId: string } & Pick<FoundFace, 'box' | 'score' | 'descriptor'>)[]
  >();
  /**
   * The photos in the library (organized, not in the Trash), by id: only these count for a person
   * and give their cover, as in PostgreSQL. A test adds a photo when it organizes it.
   */
  readonly library = new Map<
    string,
    { storageKey: string; previewKey: string | null; thumbnailKey: string | null }
  >();

  async get(userId: string): Promise<UserSettings> {
    return { peopleRecognition: this.recognition.get(userId) ?? false };
  }

  async update(userId: string, changes: Partial<UserSettings>): Promise<UserSettings> {
    if (changes.peopleRecognition !== undefined) this.recognition.set(userId, changes.peopleRecognition);
    if (!(await this.get(userId)).peopleRecognition) {
      this.people = this.people.filter((person) => person.ownerId !== userId);
      for (const [id, faces] of this.faces) if (faces[0]?.ownerId === userId) this.faces.delete(id);
    }
    return this.get(userId);
  }

  async recordFaces(
    ownerId: string,
    imageId: string,
    faces: readonly FoundFace[],
  ): Promise<RecordFacesOutcome> {
    if (!(await this.get(ownerId)).peopleRecognition) return 'off';
    this.faces.delete(imageId);
    // Each person recomputed from the faces left, as people-upkeep.ts does (kept at 0 for now).
    const mine = this.people
      .filter((person) => person.ownerId === ownerId)
      .map((person) => {
        const left = [...this.faces.values()].flat().filter((face) => face.personId === person.id);
        return left.length > 0
          ? {
              ...person,
              centroid: meanDescriptor(left.map((face) => face.descriptor)),
              faceCount: left.length,
            }
          : { ...person, faceCount: 0 };
      });
    const assignment = assignFaces(
      faces.map((face) => face.descriptor),
      mine,
      randomUUID,
    );
    const after = applyAssignment(mine, assignment).filter((person) => person.faceCount > 0);
    this.people = [
      ...this.people.filter((person) => person.ownerId !== ownerId),
      ...after.map((person) => ({ ...person, ownerId })),
    ];
    if (faces.length > 0)
      this.faces.set(
        imageId,
        faces.map((face, index) => ({
          ownerId,
          personId: assignment.personIds[index] as string,
          box: face.box,
          score: face.score,
          descriptor: face.descriptor,
        })),
      );
    return 'recorded';
  }

  async peopleInPhotos(ownerId: string, imageIds: readonly string[]): Promise<Map<string, string[]>> {
    const shown = new Map<string, string[]>();
    for (const imageId of imageIds) {
      const faces = (this.faces.get(imageId) ?? []).filter((face) => face.ownerId === ownerId);
      if (faces.length > 0) shown.set(imageId, [...new Set(faces.map((face) => face.personId))]);
    }
    return shown;
  }

  async listPeople(ownerId: string): Promise<PersonRecord[]> {
    return this.people
      .filter((person) => person.ownerId === ownerId)
      .map((person) => this.#record(person.id))
      .filter((person) => person.photoCount > 0)
      .sort((a, b) => b.photoCount - a.photoCount);
  }

  async updatePerson(
    ownerId: string,
    personId: string,
    changes: PersonChanges,
  ): Promise<PersonRecord | null> {
    if (!this.people.some((person) => person.id === personId && person.ownerId === ownerId)) return null;
    this.given.set(personId, { ...this.#given(personId), ...changes });
    return this.#record(personId);
  }

  async mergePeople(ownerId: string, personId: string, intoId: string): Promise<PersonRecord | null> {
    const merged = this.people.find((person) => person.id === personId && person.ownerId === ownerId);
    const into = this.people.find((person) => person.id === intoId && person.ownerId === ownerId);
    if (!merged || !into) return null;
    for (const faces of this.faces.values())
      for (const face of faces) if (face.personId === personId) face.personId = intoId;
    const descriptors = [...this.faces.values()]
      .flat()
      .filter((face) => face.personId === intoId)
      .map((face) => face.descriptor);
    into.centroid = meanDescriptor(descriptors);
    into.faceCount = descriptors.length;
    const given = this.#given(intoId);
    this.given.set(intoId, { ...given, name: given.name ?? this.#given(personId).name });
    this.people = this.people.filter((person) => person.id !== personId);
    this.given.delete(personId);
    return this.#record(intoId);
  }

  #given(personId: string) {
    return this.given.get(personId) ?? { name: null, hidden: false };
  }

  /** The person as listed: photos in the library counted, the largest face among them the cover. */
  #record(personId: string): PersonRecord {
    const shown = [...this.faces.entries()].flatMap(([imageId, faces]) =>
      this.library.has(imageId)
        ? faces.filter((face) => face.personId === personId).map((face) => ({ imageId, face }))
        : [],
    );
    const best = shown.toSorted(
      (a, b) =>
        b.face.box.width * b.face.box.height - a.face.box.width * a.face.box.height ||
        b.face.score - a.face.score,
    )[0];
    const keys = best ? this.library.get(best.imageId) : undefined;
    return {
      id: personId,
      ...this.#given(personId),
      photoCount: new Set(shown.map(({ imageId }) => imageId)).size,
      cover: best && keys ? { imageId: best.imageId, box: best.face.box, ...keys } : null,
    };
  }
}

/** The owner's albums as organizing sees them: set `albums` and `excluded` to what a test needs. */
export class InMemoryAlbumSummaries implements AlbumSummaryRepository {
  albums: (AlbumSummary & { ownerId: string })[] = [];
  /** [ownerId, imageId, albumId] triples: the user took the photo out of the album. */
  excluded: [string, string, string][] = [];

  async listForOrganizing(ownerId: string): Promise<AlbumSummary[]> {
    return this.albums
      .filter((album) => album.ownerId === uuid(ownerId))
      .map(({ ownerId: _owner, ...album }) => album);
  }

  async exclusions(ownerId: string, imageIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const wanted = new Set(imageIds.map(uuid));
    const found = new Map<string, Set<string>>();
    for (const [owner, imageId, albumId] of this.excluded) {
      if (owner !== uuid(ownerId) || !wanted.has(imageId)) continue;
      found.set(imageId, (found.get(imageId) ?? new Set()).add(albumId));
    }
    return found;
  }
}

export class ScriptedPlanner implements AlbumPlanner {
  readonly calls: PlannerPhoto[][] = [];
  /** The existing albums each call was offered. */
  readonly offered: (readonly ExistingAlbum[])[] = [];
  answer: (
    photos: PlannerPhoto[],
    existing: readonly ExistingAlbum[],
  ) => PlannerAnswer | Promise<PlannerAnswer> = (photos) => ({
    organizer: 'gemini',
    model: 'fake-model',
    usage: { promptTokens: 10, outputTokens: 5, totalTokens: 15 },
    raw: {
      albums: [{ title: 'Everything', description: 'All of it', photoIds: photos.map((photo) => photo.ref) }],
    },
  });

  async plan(photos: PlannerPhoto[], existing: readonly ExistingAlbum[] = []): Promise<PlannerAnswer> {
    this.calls.push(photos);
    this.offered.push(existing);
    return this.answer(photos, existing);
  }

  failWith(message: string, options: { unreachable?: boolean } = {}): void {
    this.answer = () => {
      throw new PlannerUnavailableError(message, undefined, undefined, options);
    };
  }
}

// ---------------------------------------------------------------------------------------------------
// Logging and ids
// ---------------------------------------------------------------------------------------------------

/**
 * Keeps what was published, by owner, in order. `failing` makes every publish throw, as an
 * unreachable events endpoint would.
 */
export class RecordingProgress implements ProgressPublisher {
  readonly published: { ownerId: string; event: ProgressEvent }[] = [];
  failing: Error | null = null;

  async publish(ownerId: string, event: ProgressEvent): Promise<void> {
    if (this.failing) throw this.failing;
    // As on the wire: the event must survive JSON (AppSync carries it as a JSON string).
    this.published.push({ ownerId, event: JSON.parse(JSON.stringify(event)) as ProgressEvent });
  }

  events(type?: ProgressEvent['type']): ProgressEvent[] {
    return this.published.map((entry) => entry.event).filter((event) => !type || event.type === type);
  }
}

/** Keeps what was logged, for the use cases whose log line is what an operator sees of them. */
export class RecordingLogger implements Logger {
  readonly entries: { level: 'info' | 'warn' | 'error'; message: string; data?: Record<string, unknown> }[] =
    [];
  info(message: string, data?: Record<string, unknown>) {
    this.entries.push({ level: 'info', message, ...(data ? { data } : {}) });
  }
  warn(message: string, data?: Record<string, unknown>) {
    this.entries.push({ level: 'warn', message, ...(data ? { data } : {}) });
  }
  error(message: string, data?: Record<string, unknown>) {
    this.entries.push({ level: 'error', message, ...(data ? { data } : {}) });
  }
}

export const sequentialIds = () => {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
};

export const newId = () => randomUUID();

/** The columns of a photo that galleries and the library show, as the Postgres row mapper picks them. */
function shownPhoto(photo: Photo) {
  return {
    id: photo.id,
    storageKey: photo.storageKey,
    previewKey: photo.previewKey,
    thumbnailKey: photo.thumbnailKey,
    originalFilename: photo.originalFilename,
    contentType: photo.contentType,
    width: photo.width,
    height: photo.height,
    takenAt: photo.takenAt,
    takenAtSource: shownDateSource(photo.takenAt, photo.takenAtSource),
  };
}

/**
 * What PostgreSQL's album span columns answer (adapters/postgres/album-span.ts): min and max taken_at,
 * and mode() of the places, a tie going to the first [city, country] in order.
 */
function albumSpan(photos: readonly Photo[]): AlbumSpan {
  const times = photos.flatMap((photo) => (photo.takenAt ? [photo.takenAt.getTime()] : []));
  const counts = new Map<string, { place: Place; count: number }>();
  for (const { place } of photos) {
    if (!place) continue;
    const key = JSON.stringify([place.city, place.country]);
    const entry = counts.get(key) ?? { place: { ...place }, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const ordered = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let best: { place: Place; count: number } | null = null;
  for (const [, entry] of ordered) if (!best || entry.count > best.count) best = entry;
  return {
    takenFrom: times.length > 0 ? new Date(Math.min(...times)) : null,
    takenTo: times.length > 0 ? new Date(Math.max(...times)) : null,
    place: best?.place ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Users and albums' members (issue 17)
// ---------------------------------------------------------------------------------------------------

/** `users` by subject, with PostgresUserRepository's semantics: a display name once known is kept. */
export class InMemoryUsers implements UserRepository {
  readonly rows = new Map<string, User & { displayName: string | null }>();

  async ensure(subject: string, displayName?: string | null): Promise<User> {
    const known = this.rows.get(text(subject));
    if (known) {
      if (displayName) known.displayName = text(displayName);
      return { id: known.id, subject: known.subject };
    }
    const user = { id: randomUUID(), subject, displayName: displayName ? text(displayName) : null };
    this.rows.set(subject, user);
    return { id: user.id, subject };
  }

  nameOf(userId: string): string | null {
    return [...this.rows.values()].find((user) => user.id === userId)?.displayName ?? null;
  }
}

/**
 * A directory as Cognito behaves, for use-case tests: it holds the people in `users` (a well-formed
 * handle, case-insensitive); `invite` creates an unknown one (recorded in `created`: in AWS that is an
 * account made and an email sent) and "emails" a pending one again (recorded in `resent`).
 */
export class FakeDirectory implements UserDirectory {
  readonly users = new Map<string, DirectoryEntry>();
  readonly created: string[] = [];
  readonly resent: string[] = [];

  /** A person the directory holds already; `pending`: never signed in. */
  add(handle: string, options: { pending?: boolean } = {}): DirectoryEntry {
    const entry = this.#entry(handle, options.pending ?? false);
    this.users.set(handle.toLowerCase(), entry);
    return entry;
  }

  accepts(handle: string): boolean {
    return /^[a-z0-9._@-]{1,64}$/i.test(handle);
  }

  async lookup(handle: string): Promise<DirectoryEntry | null> {
    return this.users.get(handle.toLowerCase()) ?? null;
  }

  async invite(handle: string): Promise<DirectoryEntry | null> {
    if (!this.accepts(handle)) return null;
    const known = this.users.get(handle.toLowerCase());
    if (known?.pending) this.resent.push(handle);
    if (known) return known;
    this.created.push(handle);
    return this.add(handle, { pending: true });
  }

  #entry(handle: string, pending: boolean): DirectoryEntry {
    return { subject: `local:${handle.toLowerCase()}`, displayName: handle.toLowerCase(), pending };
  }
}

interface PermissionRow {
  albumId: string;
  userId: string;
  role: MemberRole;
  status: 'invited' | 'accepted';
  invitedAs: string;
  createdAt: Date;
  respondedAt: Date | null;
}

/**
 * `album_permissions` over InMemoryAlbums, InMemoryPhotos and InMemoryUsers, with
 * PostgresMemberRepository's semantics: owner methods scoped to the album's owner, member methods to an
 * accepted membership of a live album; a member who goes takes their photos out of the album.
 */
export class InMemoryMembers implements MemberRepository {
  readonly rows: PermissionRow[] = [];
  /** When each owner's counted invitation emails were sent. */
  readonly invitationEmails = new Map<string, Date[]>();
  readonly #albums: InMemoryAlbums;
  readonly #photos: InMemoryPhotos;
  readonly #users: InMemoryUsers;
  readonly #clock: Clock;

  constructor(
    albums: InMemoryAlbums,
    photos: InMemoryPhotos,
    users: InMemoryUsers,
    options: { clock?: Clock } = {},
  ) {
    this.#albums = albums;
    this.#photos = photos;
    this.#users = users;
    this.#clock = options.clock ?? systemClock;
    albums.sharedWithMembers = (albumId) => this.rows.some((row) => row.albumId === albumId);
    albums.contributors = (albumId) =>
      new Set(
        this.rows
          .filter((row) => row.albumId === albumId && row.status === 'accepted' && row.role === 'contributor')
          .map((row) => row.userId),
      );
  }

  async countInvitationEmail(ownerId: string, at: Date): Promise<boolean> {
    const key = uuid(ownerId);
    const since = at.getTime() - INVITATION_EMAIL_WINDOW_MS;
    const sent = (this.invitationEmails.get(key) ?? []).filter((time) => time.getTime() > since);
    if (sent.length >= MAX_INVITATION_EMAILS) return false;
    this.invitationEmails.set(key, [...sent, at]);
    return true;
  }

  async invite(
    ownerId: string,
    albumId: string,
    invitee: { userId: string; invitedAs: string; role: MemberRole },
  ): Promise<InviteOutcome> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return 'album_not_found';
    const userId = uuid(invitee.userId);
    if (this.#row(album.id, userId)) return 'already_member';
    if (this.rows.filter((row) => row.albumId === album.id).length >= MAX_ALBUM_MEMBERS)
      return 'too_many_members';
    this.rows.push({
      albumId: album.id,
      userId,
      role: invitee.role,
      status: 'invited',
      invitedAs: text(invitee.invitedAs),
      createdAt: this.#clock.now(),
      respondedAt: null,
    });
    return 'invited';
  }

  async members(ownerId: string, albumId: string): Promise<AlbumMember[] | null> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return null;
    return this.rows
      .filter((row) => row.albumId === album.id)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.userId < b.userId ? -1 : 1))
      .map((row) => ({
        userId: row.userId,
        displayName: this.#users.nameOf(row.userId),
        invitedAs: row.invitedAs,
        role: row.role,
        status: row.status,
        invitedAt: row.createdAt,
        respondedAt: row.respondedAt,
      }));
  }

  async remove(ownerId: string, albumId: string, userId: string): Promise<RemoveMemberOutcome> {
    const album = this.#owned(ownerId, albumId);
    if (!album) return 'album_not_found';
    return this.#drop(album.id, uuid(userId)) ? 'removed' : 'not_member';
  }

  async leave(userId: string, albumId: string): Promise<boolean> {
    const row = this.#row(uuid(albumId), uuid(userId));
    if (row?.status !== 'accepted' || !this.#albums.albums.has(row.albumId)) return false;
    return this.#drop(row.albumId, row.userId);
  }

  async invitations(userId: string): Promise<Invitation[]> {
    const user = uuid(userId);
    return this.rows
      .filter((row) => row.userId === user && row.status === 'invited' && this.#live(row.albumId))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .map((row) => {
        const album = this.#albums.albums.get(row.albumId) as AlbumRow;
        return {
          albumId: row.albumId,
          title: album.title,
          ownerName: this.#users.nameOf(album.ownerId),
          role: row.role,
          invitedAt: row.createdAt,
        };
      });
  }

  async respond(userId: string, albumId: string, answer: 'accept' | 'decline', at: Date): Promise<boolean> {
    const row = this.#row(uuid(albumId), uuid(userId));
    if (row?.status !== 'invited' || !this.#live(row.albumId)) return false;
    if (answer === 'accept') {
      row.status = 'accepted';
      row.respondedAt = at;
    } else {
      this.rows.splice(this.rows.indexOf(row), 1);
    }
    return true;
  }

  async sharedAlbums(userId: string): Promise<SharedAlbumSummary[]> {
    const user = uuid(userId);
    return this.rows
      .filter((row) => row.userId === user && row.status === 'accepted' && this.#live(row.albumId))
      .sort((a, b) => (b.respondedAt?.getTime() ?? 0) - (a.respondedAt?.getTime() ?? 0))
      .map((row) => {
        const album = this.#albums.albums.get(row.albumId) as AlbumRow;
        const shown = this.#albums.shownAlbum(row.albumId) as GalleryAlbum;
        const cover =
          shown.photos.find((photo) => photo.id === shown.coverImageId) ?? shown.photos[0] ?? null;
        return {
          id: album.id,
          title: album.title,
          themeDescription: album.themeDescription,
          ownerName: this.#users.nameOf(album.ownerId),
          role: row.role,
          photoCount: shown.photos.length,
          cover: cover && {
            id: cover.id,
            storageKey: cover.storageKey,
            previewKey: cover.previewKey,
            thumbnailKey: cover.thumbnailKey,
          },
          joinedAt: row.respondedAt ?? row.createdAt,
        };
      });
  }

  async sharedAlbum(userId: string, albumId: string): Promise<SharedAlbum | null> {
    const row = this.#accepted(userId, albumId);
    if (!row) return null;
    const album = this.#albums.shownAlbum(row.albumId) as GalleryAlbum;
    const owner = (this.#albums.albums.get(row.albumId) as AlbumRow).ownerId;
    return {
      album,
      ownerName: this.#users.nameOf(owner),
      role: row.role,
      yourImageIds: album.photos
        .filter((photo) => this.#photos.rows.get(photo.id)?.ownerId === row.userId)
        .map((photo) => photo.id),
    };
  }

  async addOwnPhotos(userId: string, albumId: string, imageIds: string[]): Promise<AddOwnPhotosOutcome> {
    const ids = imageIds.map(uuid);
    const row = this.#accepted(userId, albumId);
    if (!row) return { outcome: 'album_not_found' };
    if (row.role !== 'contributor') return { outcome: 'not_contributor' };
    const own = ids.map((id) => this.#photos.rows.get(id)).filter((photo) => photo?.ownerId === row.userId);
    const ownIds = new Set(own.map((photo) => photo?.id));
    const missing = ids.filter((id) => !ownIds.has(id));
    if (missing.length > 0) return { outcome: 'photos_not_found', imageIds: missing };
    const trashed = own.filter((photo) => photo?.trashedAt !== null).map((photo) => photo?.id as string);
    if (trashed.length > 0) return { outcome: 'photos_in_trash', imageIds: trashed };
    const unready = own.filter((photo) => photo?.status !== 'ready').map((photo) => photo?.id as string);
    if (unready.length > 0) return { outcome: 'photos_not_ready', imageIds: unready };
    return { outcome: 'added', added: this.#albums.appendPhotos(row.albumId, ids) };
  }

  async removeOwnPhotos(
    userId: string,
    albumId: string,
    imageIds: string[],
  ): Promise<RemoveOwnPhotosOutcome> {
    const ids = imageIds.map(uuid);
    const row = this.#accepted(userId, albumId);
    if (!row) return { outcome: 'album_not_found' };
    if (row.role !== 'contributor') return { outcome: 'not_contributor' };
    const foreign = ids.filter((id) => this.#photos.rows.get(id)?.ownerId !== row.userId);
    if (foreign.length > 0) return { outcome: 'photos_not_found', imageIds: foreign };
    return { outcome: 'removed', removed: this.#albums.takePhotosOut(row.albumId, ids, true) };
  }

  #row(albumId: string, userId: string): PermissionRow | undefined {
    return this.rows.find((row) => row.albumId === albumId && row.userId === userId);
  }

  #live(albumId: string): boolean {
    return this.#albums.albums.get(albumId)?.deletedAt === null;
  }

  #owned(ownerId: string, albumId: string): AlbumRow | null {
    const album = this.#albums.albums.get(uuid(albumId));
    return album && album.ownerId === uuid(ownerId) && album.deletedAt === null ? album : null;
  }

  #accepted(userId: string, albumId: string): PermissionRow | null {
    const row = this.#row(uuid(albumId), uuid(userId));
    return row && row.status === 'accepted' && this.#live(row.albumId) ? row : null;
  }

  /** Forgets the membership; the member's photos leave the album (order and cover repaired). */
  #drop(albumId: string, userId: string): boolean {
    const row = this.#row(albumId, userId);
    if (!row) return false;
    this.rows.splice(this.rows.indexOf(row), 1);
    const theirs = this.#albums.memberships
      .filter(
        (membership) =>
          membership.albumId === albumId && this.#photos.rows.get(membership.imageId)?.ownerId === userId,
      )
      .map((membership) => membership.imageId);
    this.#albums.takePhotosOut(albumId, theirs, false);
    return true;
  }
}
