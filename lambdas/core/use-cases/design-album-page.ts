/**
 * The worker's side of an album's page: one `generate-album-page` message → one designer call → a
 * validated spec stored with what it cost. The designer's answer is untrusted (album-page-spec.ts);
 * a designer that fails falls back to the offline design. Messages are harmless when repeated or late:
 * only the album's current request is designed, and a design for a replaced request is not stored.
 */
import type { AlbumPageDesigner, PageDesignPhoto, PageDesignRequest } from '../album-page.ts';
import type { AlbumPageFacts, AlbumPageRepository, DesignedPage } from '../album-page-ports.ts';
import { repairPageSpec } from '../album-page-spec.ts';
import { PlannerUnavailableError } from '../errors.ts';
import type { GenerateAlbumPageMessageV1 } from '../job-message.ts';
import type { TokenUsage } from '../model.ts';
import { offlineAlbumPage } from '../offline-album-page.ts';
import type { Clock, Logger, PhotoStorage } from '../ports.ts';

/**
 * Photos whose picture is read for the designer: the Gemini designer shows the model at most 24, picked
 * by designSample (adapters/gemini/page-prompt.ts uses both), so only those renditions are read; the
 * rest travel as facts.
 */
export const MAX_PAGE_DESIGN_IMAGES = 24;
/** Deliveries of one request before it is marked failed. */
export const MAX_PAGE_DESIGN_ATTEMPTS = 3;
const READS_AT_ONCE = 6;

export interface DesignAlbumPageDeps {
  albumPages: AlbumPageRepository;
  storage: PhotoStorage;
  /** Gemini when a key is configured, the offline designer otherwise. */
  pageDesigner: AlbumPageDesigner;
  clock: Clock;
  logger: Logger;
}

export type DesignAlbumPageOutcome = 'stored' | 'stale' | 'album_gone' | 'exhausted';

/**
 * Designs the page the message asks for. Transient faults (database, storage) throw, so the queue
 * delivers the message again; the request is marked failed after MAX_PAGE_DESIGN_ATTEMPTS.
 */
export async function designAlbumPage(
  deps: DesignAlbumPageDeps,
  message: GenerateAlbumPageMessageV1,
): Promise<DesignAlbumPageOutcome> {
  const { albumId, requestId } = message;
  const claim = await deps.albumPages.claimDesign(
    albumId,
    requestId,
    MAX_PAGE_DESIGN_ATTEMPTS,
    deps.clock.now(),
  );
  if (claim.kind !== 'claimed') {
    deps.logger.info('album page message skipped', { albumId, requestId, reason: claim.kind });
    return claim.kind;
  }
  const facts = await deps.albumPages.facts(claim.ownerId, albumId);
  if (facts === null) {
    // Deleted meanwhile: nothing to design; if the album is restored, the page can be asked for again.
    await deps.albumPages.failDesign(albumId, requestId, 'the album was deleted', deps.clock.now());
    deps.logger.info('album page message dropped: the album is gone', { albumId, requestId });
    return 'album_gone';
  }
  const design = await designWithFallback(deps, facts);
  const stored = await deps.albumPages.storeDesign(albumId, requestId, design, deps.clock.now());
  deps.logger.info('album page designed', {
    albumId,
    requestId,
    source: design.source,
    stored,
    ...(design.usage ? { usage: design.usage } : {}),
  });
  return stored ? 'stored' : 'stale';
}

async function designWithFallback(deps: DesignAlbumPageDeps, facts: AlbumPageFacts): Promise<DesignedPage> {
  const fallback = offlineAlbumPage(facts);
  const { request, refs } = await designRequest(deps, facts);
  const imageIds = facts.photos.map((photo) => photo.id);
  try {
    const answer = await deps.pageDesigner.design(request);
    const { spec, repairs } = repairPageSpec(answer.raw, { refs, imageIds, fallback });
    if (repairs.length > 0)
      deps.logger.warn('album page design repaired', { albumId: facts.albumId, repairs });
    return {
      spec,
      source: answer.designer === 'gemini' ? 'model' : 'offline',
      model: answer.model ?? null,
      usage: answer.usage ?? null,
      error: null,
    };
  } catch (error) {
    // The model failing for good (or answering nothing usable) never leaves the page undesigned.
    const usage: TokenUsage | null = error instanceof PlannerUnavailableError ? (error.usage ?? null) : null;
    deps.logger.warn('album page designer failed; the offline design is stored', {
      albumId: facts.albumId,
      error: String(error),
    });
    return {
      spec: fallback,
      source: 'offline',
      model: null,
      usage,
      error: `the designer failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
    };
  }
}

/**
 * The designer's request: photos as opaque refs (p1, p2 … in album order, the cover first) with their
 * dates and places, and the small model rendition of those designSample picks.
 */
async function designRequest(
  deps: DesignAlbumPageDeps,
  facts: AlbumPageFacts,
): Promise<{ request: PageDesignRequest; refs: Map<string, string> }> {
  const ordered = [
    ...facts.photos.filter((photo) => photo.id === facts.coverImageId),
    ...facts.photos.filter((photo) => photo.id !== facts.coverImageId),
  ];
  const refs = new Map<string, string>();
  const pictured = new Set(designSample(ordered.length, MAX_PAGE_DESIGN_IMAGES));
  const photos: PageDesignPhoto[] = new Array(ordered.length);
  for (let start = 0; start < ordered.length; start += READS_AT_ONCE) {
    await Promise.all(
      ordered.slice(start, start + READS_AT_ONCE).map(async (photo, offset) => {
        const index = start + offset;
        const ref = `p${index + 1}`;
        refs.set(ref, photo.id);
        const bytes = pictured.has(index) && photo.modelKey ? await deps.storage.get(photo.modelKey) : null;
        photos[index] = {
          ref,
          ...(bytes ? { image: { bytes, mimeType: 'image/jpeg' } } : {}),
          takenAt: photo.takenAt,
          place: photo.place,
          look: photo.look,
          width: photo.width,
          height: photo.height,
        };
      }),
    );
  }
  return { request: { title: facts.title, description: facts.description, photos }, refs };
}

/**
 * Which of `count` photos (indexes) a designer showing at most `limit` sees: all of them, or the first
 * (the cover), the last and the rest evenly spread between, so every stage of a long album is seen.
 */
export function designSample(count: number, limit: number): number[] {
  if (count <= limit) return Array.from({ length: count }, (_, index) => index);
  if (limit <= 1) return Array.from({ length: Math.max(0, limit) }, (_, index) => index);
  const step = (count - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, index) => Math.round(index * step));
}
