/** The one source of database types. Rows stay inside this adapter; repositories return domain types. */
import type { ColumnType, Generated, Selectable } from 'kysely';
import type { DateSource } from '../../core/photo-date.ts';

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UsersTable {
  id: Generated<string>;
  subject: string;
  created_at: CreatedAt;
  last_seen_at: UpdatedAt;
  people_recognition: Generated<boolean>;
  /** What other users see of this one (local: the username; Cognito: the email); null until known. */
  display_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ImagesTable {
  id: string;
  owner_id: string;
  storage_key: string;
  preview_key: string | null;
  thumbnail_key: string | null;
  original_filename: string;
  content_type: string;
  size_bytes: number;
  width: number | null;
  height: number | null;
  taken_at: Date | null;
  place_city: string | null;
  place_country: string | null;
  status: 'awaiting_upload' | 'analyzed' | 'ready' | 'rejected';
  rejection_reason: string | null;
  /** Written by ingest: the model rendition, the camera, fingerprints, and when it was read. */
  model_key: string | null;
  camera: string | null;
  sha256: string | null;
  perceptual_hash: string | null;
  ingested_at: Date | null;
  /** Where taken_at came from; null when the photo has no date (or was read before sources were kept). */
  taken_at_source: DateSource | null;
  /** The file's last-modified time, as the uploading browser reported it (wall clock). */
  file_modified_at: Date | null;
  /** Visual signature written by ingest (colour, layout, texture); null before it was kept. */
  look: number[] | null;
  /** In the Trash since then: hidden everywhere, restorable, purged after TRASH_DAYS. */
  trashed_at: Date | null;
  /** The SHA-256 (hex) the uploader announced; ingest rejects bytes that do not match it. */
  declared_sha256: string | null;
  /** What the photo is about (migration 014): from the organizing call, or offline from what ingest read. */
  caption: string | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  description_source: 'model' | 'offline' | null;
  /** How it was taken, from EXIF (migration 014); null when the file does not say. */
  camera_make: string | null;
  camera_model: string | null;
  lens: string | null;
  exposure_seconds: number | null;
  f_number: number | null;
  iso: number | null;
  focal_length_mm: number | null;
  /** Where it was taken, rounded to about 100 m (core/photo-details.ts); never the exact fix. */
  latitude: number | null;
  longitude: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AlbumsTable {
  id: string;
  owner_id: string;
  job_id: string | null;
  title: string;
  theme_description: string;
  cover_image_id: string | null;
  /** Deleted by the user then: hidden, restorable, never recreated or joined by organizing. */
  deleted_at: Date | null;
  origin: ColumnType<'organizer' | 'user', 'organizer' | 'user' | undefined, 'organizer' | 'user'>;
  /** The user wrote the title / description: organizing never changes them. */
  title_edited: Generated<boolean>;
  description_edited: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AlbumImagesTable {
  album_id: string;
  image_id: string;
  display_order: number;
  /** The job that put the photo here (undoing the job takes it out); null when the user did. */
  added_by_job: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A photo the user took out of an album: organizing never puts it back. */
export interface AlbumExclusionsTable {
  album_id: string;
  image_id: string;
  created_at: CreatedAt;
}

export interface ProcessingJobsTable {
  id: string;
  owner_id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  image_keys: string[];
  result_data: ColumnType<unknown, string | null | undefined, string | null>;
  error: string | null;
  attempts: Generated<number>;
  idempotency_key: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  started_at: Date | null;
  completed_at: Date | null;
  /** The queue message whose delivery holds the job while it is `processing`. */
  claimed_by: string | null;
  /** The job's outcome was undone then (its albums and placements removed; photos kept). */
  undone_at: ColumnType<Date | null, Date | null | undefined, Date | string | null>;
}

export interface PeopleTable {
  id: Generated<string>;
  owner_id: string;
  /** The mean of the person's face descriptors. */
  centroid: number[];
  face_count: number;
  /** Given by the user on the People screen; null until then. */
  name: string | null;
  /** Hidden by the user: off the People screen and search filters, faces kept (migration 014). */
  hidden: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface FacesTable {
  id: Generated<string>;
  image_id: string;
  owner_id: string;
  person_id: string | null;
  /** Fractions of the picture's width and height. */
  box_x: number;
  box_y: number;
  box_width: number;
  box_height: number;
  score: number;
  descriptor: number[];
  created_at: CreatedAt;
}

/** A member of someone's album (issue 17): invited, then accepted; declined, left or removed rows go. */
export interface AlbumPermissionsTable {
  album_id: string;
  user_id: string;
  role: 'viewer' | 'contributor';
  status: 'invited' | 'accepted';
  invited_by: string;
  invited_as: string;
  created_at: CreatedAt;
  responded_at: Date | null;
}

/** An invitation email sent on an owner's behalf (migration 2026-12-02-012). */
export interface InvitationEmailsTable {
  id: Generated<string>;
  owner_id: string;
  sent_at: Date;
}

/** An album's page: its design and its one design job (migration 2026-12-02-011). */
export interface AlbumPagesTable {
  album_id: string;
  owner_id: string;
  spec: ColumnType<unknown, string | null | undefined, string | null>;
  source: 'model' | 'offline' | null;
  headline_edited: Generated<boolean>;
  introduction_edited: Generated<boolean>;
  status: ColumnType<'idle' | 'queued' | 'designing' | 'failed', string | undefined, string>;
  request_id: string | null;
  attempts: Generated<number>;
  error: string | null;
  usage: ColumnType<unknown, string | null | undefined, string | null>;
  model: string | null;
  requested_at: Date | null;
  designed_at: Date | null;
  updated_at: UpdatedAt;
}

export interface Database {
  users: UsersTable;
  images: ImagesTable;
  albums: AlbumsTable;
  album_images: AlbumImagesTable;
  album_exclusions: AlbumExclusionsTable;
  processing_jobs: ProcessingJobsTable;
  people: PeopleTable;
  faces: FacesTable;
  album_permissions: AlbumPermissionsTable;
  album_pages: AlbumPagesTable;
  share_links: ShareLinksTable;
  invitation_emails: InvitationEmailsTable;
}

export type ImageRow = Selectable<ImagesTable>;
export type JobRow = Selectable<ProcessingJobsTable>;

export interface ShareLinksTable {
  id: string;
  album_id: string;
  owner_id: string;
  /** SHA-256 of the token; the token itself is never stored. */
  token_hash: Buffer;
  expires_at: Date;
  allow_originals: boolean;
  revoked_at: Date | null;
  created_at: CreatedAt;
  last_opened_at: Date | null;
}
