/** Domain types shared by use cases and adapters. Plain data, no behaviour, no infrastructure. */
import type { DateSource } from './photo-date.ts';
import type { CameraSettings, CoarseLocation } from './photo-details.ts';

export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed';

/**
 * awaiting_upload: an upload URL was handed out; analyzed: ingest read it as it landed (facts and
 * renditions stored); ready: organized into albums; rejected: unreadable, with the reason.
 */
export type PhotoStatus = 'awaiting_upload' | 'analyzed' | 'ready' | 'rejected';

export interface User {
  id: string;
  subject: string;
}

/** A coarse, human place: never exact coordinates. */
export interface Place {
  city: string;
  country: string;
}

export interface Photo {
  id: string;
  ownerId: string;
  storageKey: string;
  previewKey: string | null;
  /** Null for photos organized before thumbnails existed: the preview stands in. */
  thumbnailKey: string | null;
  originalFilename: string;
  contentType: string;
  sizeBytes: number;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  /** Where takenAt came from (null: no date, or read before sources were kept). */
  takenAtSource: DateSource | null;
  /** The file's last-modified time as the uploading browser reported it: the date of last resort. */
  fileModifiedAt: Date | null;
  place: Place | null;
  status: PhotoStatus;
  rejectionReason: string | null;
  /** Written by ingest: the rendition the model sees, and the camera that took the photo. */
  modelKey: string | null;
  camera: string | null;
  /** How it was taken, from EXIF (each null when unknown, and for photos read before they were kept). */
  settings: CameraSettings;
  /** Where it was taken, rounded to about 100 m; null without GPS. Never the exact fix. */
  location: CoarseLocation | null;
  /** What it shows, written by organizing (the model, or offline); null and none until then. */
  caption: string | null;
  tags: string[];
  /** What the picture looks like (core/look.ts), written by ingest; null before it was kept. */
  look: number[] | null;
  /** The SHA-256 (hex) the uploader announced for the file, if it did. */
  declaredSha256: string | null;
  /** In the Trash since then (hidden everywhere, restorable); null when it is not. */
  trashedAt: Date | null;
  createdAt: Date;
}

export interface RejectedPhoto {
  imageId: string;
  storageKey: string;
  originalFilename: string;
  reason: string;
}

export interface TokenUsage {
  promptTokens: number;
  /** Everything billed as output: the answer and the model's thinking. */
  outputTokens: number;
  /** The thinking part of outputTokens, when the model reports it. */
  thoughtTokens?: number;
  totalTokens: number;
  /** At the model's list price (adapters/gemini/gemini-prices.ts), when it is known. */
  estimatedCostUsd?: number;
}

export type OrganizerKind = 'gemini' | 'offline' | 'fallback';

/** What a finished job records about itself (`processing_jobs.result_data`). */
/** How many photos took their date from each source; `none`: no date at all. */
export type DateSourceCounts = Record<DateSource | 'none', number>;

/** An existing album a job's photos joined, and how many it added. */
export interface JoinedAlbum {
  albumId: string;
  title: string;
  added: number;
}

export interface JobResult {
  organizer: OrganizerKind;
  /** Albums the job made or added to. */
  albumCount: number;
  /** Of those, the albums it made (absent on jobs finished before 2026-12-02: all of them). */
  newAlbums?: number;
  /** Of those, the existing albums it added photos to. */
  joined?: JoinedAlbum[];
  placedCount: number;
  rejected: RejectedPhoto[];
  /** Where the organized photos' dates came from, counted (absent on jobs finished before 2026-12-02). */
  dateSources?: DateSourceCounts;
  /** Why the model was not used (the offline organizer or the one album stepped in), when it was not. */
  fallbackReason?: string;
  /** What the validator had to fix in the model's answer. */
  repairs?: string[];
  model?: string;
  usage?: TokenUsage;
  /** The model's raw answer, kept for audits and prompt work. */
  rawAnswer?: unknown;
}

/**
 * Which attempt holds a job: the job's `attempts` count when a worker claimed it. Completing, failing
 * and releasing a job name their fence, and a write whose fence no longer matches changes nothing,
 * so a worker that lost its lease can never overwrite the attempt that replaced it.
 */
export type AttemptFence = number;

/** The fence of a job that no worker has claimed yet (pending, never attempted). */
export const UNCLAIMED: AttemptFence = 0;

export interface Job {
  id: string;
  ownerId: string;
  status: JobStatus;
  imageKeys: string[];
  attempts: number;
  error: string | null;
  result: JobResult | null;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  /** When the job's outcome was undone (its albums and placements removed, its photos kept); null if not. */
  undoneAt: Date | null;
  /**
   * How many of the job's photos have been read since they landed (analyzed, organized or rejected),
   * when the job was read with them (its status); a pending job waits for the rest.
   */
  photosReady?: number;
}

/** What stacking near duplicates reads of a photo (core/similar-photos.ts), beside its size and date. */
export interface PhotoLikeness {
  /** 64-bit difference hash, 16 hex digits; null before ingest read the photo. */
  perceptualHash: string | null;
  look: number[] | null;
  sizeBytes: number;
  createdAt: Date;
}

export interface GalleryPhoto {
  id: string;
  storageKey: string;
  previewKey: string | null;
  thumbnailKey: string | null;
  originalFilename: string;
  contentType: string;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
  takenAtSource: DateSource | null;
  displayOrder: number;
  likeness: PhotoLikeness;
}

/** When an album's photos were taken (earliest, latest) and where most of them were; null when unknown. */
export interface AlbumSpan {
  takenFrom: Date | null;
  takenTo: Date | null;
  place: Place | null;
}

export interface GalleryAlbum {
  id: string;
  title: string;
  themeDescription: string;
  coverImageId: string | null;
  createdAt: Date;
  /** Over its photos that are not in the Trash. */
  span: AlbumSpan;
  photos: GalleryPhoto[];
}

/** A photo as the similar-photos review compares and shows it. */
export type ComparablePhoto = Omit<GalleryPhoto, 'displayOrder'>;

/** A ready photo as the library lists it, with the albums it is in. */
export interface LibraryPhoto extends Omit<GalleryPhoto, 'displayOrder'> {
  createdAt: Date;
  albumIds: string[];
}

/** A photo in the Trash, as the Trash lists it. */
export interface TrashedPhoto extends Omit<GalleryPhoto, 'displayOrder' | 'likeness'> {
  createdAt: Date;
  trashedAt: Date;
}
