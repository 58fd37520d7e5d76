/**
 * The owner's side of an album's page: read it (the stored design, or the offline one computed on read
 * when none is stored), write its headline and introduction by hand (kept by later designs), and ask
 * for a new design (queued; the worker's side is design-album-page.ts).
 */
import type { AlbumPageSource, AlbumPageSpec } from '../album-page.ts';
import type { AlbumPageFacts, AlbumPageRepository, PageJob, PageTextEdits } from '../album-page-ports.ts';
import { reconcileStoredSpec } from '../album-page-spec.ts';
import { NotFoundError, ServiceUnavailableError } from '../errors.ts';
import { offlineAlbumPage } from '../offline-album-page.ts';
import type { Clock, IdGenerator, JobQueue, Logger } from '../ports.ts';

/**
 * A request queued or designing for longer than this is taken as lost (its message gone): asking again
 * then queues a new one instead of answering the old.
 */
export const PAGE_REQUEST_STALE_MS = 10 * 60 * 1000;

/** An album's page as its owner sees it. */
export interface AlbumPageView {
  albumId: string;
  spec: AlbumPageSpec;
  source: AlbumPageSource;
  /** false: no design is stored; `spec` is the offline design, computed now from the album. */
  stored: boolean;
  headlineEdited: boolean;
  introductionEdited: boolean;
  /** When the stored page last changed; null when none is stored. */
  updatedAt: Date | null;
  job: PageJob;
}

interface ReadDeps {
  albumPages: AlbumPageRepository;
}

/** The album's page: stored designs are checked again against the album's photos as they are now. */
export async function readAlbumPage(
  deps: ReadDeps,
  ownerId: string,
  albumId: string,
): Promise<AlbumPageView> {
  const facts = await albumFacts(deps, ownerId, albumId);
  const { page, job } = await deps.albumPages.find(ownerId, albumId);
  const fallback = offlineAlbumPage(facts);
  if (page === null) {
    return {
      albumId,
      spec: fallback,
      source: 'offline',
      stored: false,
      headlineEdited: false,
      introductionEdited: false,
      updatedAt: null,
      job,
    };
  }
  return {
    albumId,
    spec: reconcileStoredSpec(page.spec, photoIds(facts), fallback).spec,
    source: page.source,
    stored: true,
    headlineEdited: page.headlineEdited,
    introductionEdited: page.introductionEdited,
    updatedAt: page.updatedAt,
    job,
  };
}

/**
 * Writes the owner's headline and/or introduction into the page (the offline design is stored first
 * when none is); later designs keep them. The text is cleaned and bounded like any design's.
 */
export async function editAlbumPage(
  deps: ReadDeps & { clock: Clock },
  ownerId: string,
  albumId: string,
  edits: PageTextEdits,
): Promise<AlbumPageView> {
  const facts = await albumFacts(deps, ownerId, albumId);
  const fallback = offlineAlbumPage(facts);
  const ids = photoIds(facts);
  const saved = await deps.albumPages.edit(
    ownerId,
    albumId,
    (current) => {
      const base = current === null ? fallback : reconcileStoredSpec(current, ids, fallback).spec;
      return reconcileStoredSpec({ ...base, ...edits }, ids, fallback).spec;
    },
    { headline: edits.headline !== undefined, introduction: edits.introduction !== undefined },
    deps.clock.now(),
  );
  if (saved === null) throw new NotFoundError('album');
  return readAlbumPage(deps, ownerId, albumId);
}

/**
 * Queues a new design of the page (one message), or answers the request already queued or designing:
 * asking twice never sends two messages nor pays for two model calls.
 */
export async function requestAlbumPageDesign(
  deps: ReadDeps & { queue: JobQueue; ids: IdGenerator; clock: Clock; logger: Logger },
  ownerId: string,
  albumId: string,
): Promise<AlbumPageView> {
  const at = deps.clock.now();
  const requestId = deps.ids.uuid();
  const outcome = await deps.albumPages.requestDesign(ownerId, albumId, {
    requestId,
    at,
    busySince: new Date(at.getTime() - PAGE_REQUEST_STALE_MS),
  });
  if (outcome === null) throw new NotFoundError('album');
  if (outcome.queued) {
    try {
      await deps.queue.enqueueAlbumPage(albumId, requestId);
    } catch (error) {
      deps.logger.error('could not queue an album page design', { albumId, error: String(error) });
      await deps.albumPages.failDesign(
        albumId,
        requestId,
        'the queue could not be reached',
        deps.clock.now(),
      );
      throw new ServiceUnavailableError('The job queue is unreachable; try again', error);
    }
  }
  return readAlbumPage(deps, ownerId, albumId);
}

async function albumFacts(deps: ReadDeps, ownerId: string, albumId: string): Promise<AlbumPageFacts> {
  const facts = await deps.albumPages.facts(ownerId, albumId);
  if (facts === null) throw new NotFoundError('album');
  return facts;
}

function photoIds(facts: AlbumPageFacts): string[] {
  return facts.photos.map((photo) => photo.id);
}
