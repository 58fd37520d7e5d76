/**
 * The port to where album pages are kept (PostgreSQL: adapters/postgres/postgres-album-page-repository.ts),
 * and the state of a page's one design job. Kept beside album-page.ts rather than in ports.ts so the
 * page's parts stay together.
 */
import type { AlbumPage, AlbumPageSource, AlbumPageSpec } from './album-page.ts';
import type { TokenUsage } from './model.ts';
import type { OfflinePageInput, PagePhotoFacts } from './offline-album-page.ts';

/**
 * idle: nothing asked, or the last design is stored; queued: a design was asked for and its message
 * sent; designing: a worker holds it; failed: the worker gave up (the page shown is the last one stored).
 */
export type PageJobStatus = 'idle' | 'queued' | 'designing' | 'failed';

export interface PageJob {
  status: PageJobStatus;
  /** The request the queued message carries; a message with another id is stale. */
  requestId: string | null;
  requestedAt: Date | null;
  /** When the stored design was made. */
  designedAt: Date | null;
  attempts: number;
  /** Why the last request failed or fell back to the offline design. */
  error: string | null;
  /** The model that designed the stored page, when one did. */
  model: string | null;
  /** What the last design call was billed (tokens and estimated cost), when a model was called. */
  usage: TokenUsage | null;
}

export const IDLE_PAGE_JOB: PageJob = {
  status: 'idle',
  requestId: null,
  requestedAt: null,
  designedAt: null,
  attempts: 0,
  error: null,
  model: null,
  usage: null,
};

/** The page as kept: null while none was ever stored (the offline design is then shown). */
export interface StoredAlbumPage {
  page: AlbumPage | null;
  job: PageJob;
}

/** A photo of the album as pages need it, with where its small model rendition lives. */
export interface AlbumPagePhoto extends PagePhotoFacts {
  modelKey: string | null;
}

/**
 * The album as its page is made from: its words, cover and the photos it shows (the owner's and the
 * accepted contributors', none in the Trash), in order.
 */
export interface AlbumPageFacts extends OfflinePageInput {
  albumId: string;
  ownerId: string;
  photos: AlbumPagePhoto[];
}

/** The owner's own words, replacing the design's; absent fields stay as they are. */
export interface PageTextEdits {
  headline?: string;
  introduction?: string;
}

export type ClaimPageOutcome =
  /** `attempt`: how many times this request has been taken, this one included. */
  | { kind: 'claimed'; ownerId: string; attempt: number }
  /** No page row (the album is gone), or a newer request replaced this one, or it is done. */
  | { kind: 'stale' }
  /** It used up its attempts and has just been marked failed. */
  | { kind: 'exhausted' };

export interface DesignedPage {
  spec: AlbumPageSpec;
  source: AlbumPageSource;
  model: string | null;
  usage: TokenUsage | null;
  /** Why the model's design was not used (offline fallback), when it was not. */
  error: string | null;
}

/**
 * Album pages, scoped to the owner like every repository (another user's album behaves exactly like
 * one that does not exist), except for the worker's calls, which hold a request id instead.
 */
export interface AlbumPageRepository {
  /** The owner's album (not deleted) with its live photos in display order; null when there is none. */
  facts(ownerId: string, albumId: string): Promise<AlbumPageFacts | null>;
  /** The stored page and its job; the idle job and no page when nothing was ever stored or asked. */
  find(ownerId: string, albumId: string): Promise<StoredAlbumPage>;
  /**
   * Writes the owner's headline and/or introduction (each then kept by later designs) into the stored
   * spec, or into what `edit` makes of null when none is stored yet (then stored with `source`
   * offline). One transaction. null: no such live album of the owner.
   */
  edit(
    ownerId: string,
    albumId: string,
    edit: (current: AlbumPageSpec | null) => AlbumPageSpec,
    edited: { headline: boolean; introduction: boolean },
    at: Date,
  ): Promise<StoredAlbumPage | null>;
  /**
   * Queues a design: a new request id unless one is queued or designing since `busySince` or later,
   * in which case that one is answered (`queued: false`) and no message must be sent. null: no such
   * live album of the owner.
   */
  requestDesign(
    ownerId: string,
    albumId: string,
    request: { requestId: string; at: Date; busySince: Date },
  ): Promise<{ job: PageJob; queued: boolean } | null>;
  /** For the worker: takes the request (status designing, one more attempt) while it is current. */
  claimDesign(albumId: string, requestId: string, maxAttempts: number, at: Date): Promise<ClaimPageOutcome>;
  /**
   * Stores the design for the request (status idle), keeping the headline and introduction the owner
   * wrote meanwhile or before. false, and nothing written, when the request is no longer current.
   */
  storeDesign(albumId: string, requestId: string, design: DesignedPage, at: Date): Promise<boolean>;
  /** Marks the request failed (only while it is current); the stored page stays as it was. */
  failDesign(albumId: string, requestId: string, error: string, at: Date): Promise<boolean>;
}
