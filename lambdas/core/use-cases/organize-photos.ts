/**
 * Turns a batch of readable photos into albums: ONE call to the planner (the model), its answer
 * validated and repaired; when the planner fails for good, the offline organizer; only if that fails
 * too, one album of everything. The same answer says what each photo is about (a caption and tags);
 * a photo the model did not describe, or any photo when the model did not organize, gets the offline
 * description. The worker runs it for a job, and `npm run organize` for a folder.
 */
import {
  LEFTOVER_ALBUM_DESCRIPTION,
  LEFTOVER_ALBUM_TITLE,
  type PlannedAlbum,
  repairAlbumPlan,
} from '../album-plan.ts';
import { AppError, PlannerUnavailableError } from '../errors.ts';
import type { JobResult, Photo, Place } from '../model.ts';
import { describableFacts, describeOffline } from '../offline-description.ts';
import { choosePhotoDate } from '../photo-date.ts';
import { repairPhotoDescriptions } from '../photo-descriptions.ts';
import type {
  AlbumPlanner,
  AnalyzedImage,
  ExistingAlbum,
  IdGenerator,
  Logger,
  PhotoDescriptionRecord,
  PlaceResolver,
  PlannedAlbumRecord,
  PlannerAnswer,
  PlannerPhoto,
} from '../ports.ts';
import { isScreenshotName } from '../screenshot.ts';
import { fallbackAlbumTitle } from './fallback-album.ts';

export interface OrganizeDeps {
  planner: AlbumPlanner;
  /**
   * Organizes when `planner` fails for good: the offline organizer, which needs no network. Absent
   * when `planner` is the offline organizer itself (there is nothing better to fall back to).
   */
  offlinePlanner?: AlbumPlanner | undefined;
  ids: IdGenerator;
  logger: Logger;
}

/** The town nearest a photo's exact GPS position: the exact position goes no further than this. */
export function coarsePlace(gps: AnalyzedImage['gps'], places: PlaceResolver): Place | null {
  return gps ? places.resolve(gps.latitude, gps.longitude) : null;
}

/**
 * What the planner is shown of a photo ingest already read (its stored facts), with its model
 * rendition: the worker's side of plannerPhotoOf below.
 */
export function storedPlannerPhoto(ref: string, photo: Photo, modelImage: Uint8Array): PlannerPhoto {
  return {
    ref,
    image: { bytes: modelImage, mimeType: 'image/jpeg' },
    camera: photo.camera,
    ...describableFacts(photo),
  };
}

/**
 * What the planner is shown of a photo read from a file: its ref, the model image, and the coarse
 * facts — its date from the best source it carries (EXIF, the file name, the file's time).
 */
export function plannerPhotoOf(
  ref: string,
  image: AnalyzedImage,
  places: PlaceResolver,
  file: { name: string; modifiedAt: Date | null },
): PlannerPhoto {
  const date = choosePhotoDate({ exif: image.takenAt, fileName: file.name, fileModifiedAt: file.modifiedAt });
  return {
    ref,
    image: { bytes: image.modelImage, mimeType: 'image/jpeg' },
    takenAt: date?.takenAt ?? null,
    place: coarsePlace(image.gps, places),
    camera: image.camera,
    screenshot: isScreenshotName(file.name),
    dateSource: date?.source ?? null,
    look: image.look,
  };
}

/** The owner's albums the photos may join, and the user's word on where photos must not go. */
export interface OrganizeTargets {
  /** The existing albums offered to the planner (existing-albums.ts), each with its id. */
  albums: readonly (ExistingAlbum & { id: string })[];
  /** For a photo id, the ids of the albums the user took it out of: it never goes back. */
  exclusions: ReadonlyMap<string, ReadonlySet<string>>;
}

const NO_TARGETS: OrganizeTargets = { albums: [], exclusions: new Map() };

/** A readable photo: its id, and what the planner is shown (ref, model image, facts). */
export interface OrganizablePhoto {
  id: string;
  plannerPhoto: PlannerPhoto;
}

export interface OrganizedPhotos {
  albums: PlannedAlbumRecord[];
  /** What each photo is about, one per photo organized: the model's, or the offline one. */
  descriptions: PhotoDescriptionRecord[];
  /** What the job records about how it was organized (its rejections are added by the caller). */
  result: Omit<JobResult, 'rejected'>;
  /** How long the planner took, its retries included (for metrics). */
  plannerMs: number;
  /** The planner failed because the model could not be reached (for the egress alarm). */
  modelUnreachable: boolean;
}

/**
 * Organizes `accepted` into albums. An AppError that is not the planner failing (a database or storage
 * fault) is rethrown, so the job is retried; anything else the planner throws counts as it failing.
 */
export async function organizePhotos(
  deps: OrganizeDeps,
  accepted: readonly OrganizablePhoto[],
  context: Record<string, unknown> = {},
  targets: OrganizeTargets = NO_TARGETS,
): Promise<OrganizedPhotos> {
  const refs = accepted.map((entry) => entry.plannerPhoto.ref);
  const byRef = new Map(accepted.map((entry) => [entry.plannerPhoto.ref, entry.id]));
  const existingByRef = new Map(targets.albums.map((album) => [album.ref, album]));
  const existing = targets.albums.map(({ id: _id, ...album }) => album);
  const toRecords = (planned: PlannedAlbum[]): PlannedAlbumRecord[] =>
    planned.map((album) => {
      const imageIds = album.refs.map((ref) => byRef.get(ref) as string);
      const joined = album.joins === undefined ? undefined : existingByRef.get(album.joins);
      if (joined)
        return {
          id: joined.id,
          joins: true,
          title: joined.title,
          themeDescription: joined.description,
          coverImageId: imageIds[0] as string,
          imageIds,
        };
      return {
        id: deps.ids.uuid(),
        title: album.title,
        themeDescription: album.description,
        coverImageId: imageIds[0] as string,
        imageIds,
      };
    });

  const offlineDescriptions = (): PhotoDescriptionRecord[] =>
    accepted.map((entry) => ({ imageId: entry.id, ...describeOffline(entry.plannerPhoto) }));

  const plannerPhotos = accepted.map((entry) => entry.plannerPhoto);
  let answer: PlannerAnswer | undefined;
  const started = performance.now();
  let plannerMs = 0;
  try {
    try {
      answer = await deps.planner.plan(plannerPhotos, existing);
    } finally {
      plannerMs = Math.round(performance.now() - started);
    }
    return { ...planned(answer), plannerMs, modelUnreachable: false };
  } catch (error) {
    if (isFault(error)) throw error;
    const modelUnreachable = error instanceof PlannerUnavailableError && error.unreachable;
    const reason = error instanceof Error ? error.message : String(error);
    // What the failed call cost and said stays on the job, whatever organizes instead.
    const usage = answer?.usage ?? (error instanceof PlannerUnavailableError ? error.usage : undefined);
    const spent = {
      fallbackReason: reason,
      ...(answer?.model ? { model: answer.model } : {}),
      ...(usage ? { usage } : {}),
      ...(answer ? { rawAnswer: answer.raw } : {}),
    };
    if (deps.offlinePlanner) {
      try {
        const offline = await deps.offlinePlanner.plan(plannerPhotos, existing);
        deps.logger.warn('organizer failed; organizing offline instead', { ...context, reason });
        const { albums, descriptions, result } = planned(offline);
        // The offline organizer's own answer is its plan, already stored as albums; the raw answer
        // kept for audits is the model's.
        const { rawAnswer: _offlineAnswer, ...offlineResult } = result;
        return { albums, descriptions, result: { ...offlineResult, ...spent }, plannerMs, modelUnreachable };
      } catch (offlineError) {
        if (isFault(offlineError)) throw offlineError;
        deps.logger.error('the offline organizer failed too', { ...context, error: String(offlineError) });
      }
    }
    deps.logger.warn('organizer failed; using one fallback album', { ...context, reason });
    const albums = toRecords([
      {
        title: fallbackAlbumTitle(accepted.map((entry) => entry.plannerPhoto.takenAt)),
        description: 'All the photos of this upload. The organizer could not sort them this time.',
        refs,
      },
    ]);
    return {
      albums,
      descriptions: offlineDescriptions(),
      result: { organizer: 'fallback', ...summarize(albums), placedCount: accepted.length, ...spent },
      plannerMs,
      modelUnreachable,
    };
  }

  /**
   * The user's word stands: a photo the user took out of an existing album does not go back into it,
   * whatever the planner said; it goes with the photos the planner did not place.
   */
  function keepOutExcluded(albums: PlannedAlbum[], repairs: string[]): PlannedAlbum[] {
    const kept: PlannedAlbum[] = [];
    const homeless: string[] = [];
    for (const album of albums) {
      const albumId = album.joins === undefined ? undefined : existingByRef.get(album.joins)?.id;
      const refsKept = album.refs.filter((ref) => {
        const excluded = albumId !== undefined && targets.exclusions.get(byRef.get(ref) ?? '')?.has(albumId);
        if (excluded) homeless.push(ref);
        return !excluded;
      });
      if (refsKept.length > 0) kept.push({ ...album, refs: refsKept });
    }
    if (homeless.length === 0) return albums;
    repairs.push(`${homeless.length} photo(s) kept out of albums the user took them out of`);
    const leftovers = kept.find((album) => album.joins === undefined && album.title === LEFTOVER_ALBUM_TITLE);
    if (leftovers) leftovers.refs.push(...homeless.filter((ref) => !leftovers.refs.includes(ref)));
    else kept.push({ title: LEFTOVER_ALBUM_TITLE, description: LEFTOVER_ALBUM_DESCRIPTION, refs: homeless });
    return kept;
  }

  /**
   * What the model said each photo is about, repaired (photo-descriptions.ts), the offline description
   * standing in where it said nothing usable; all offline when the model did not organize.
   */
  function described(answer: PlannerAnswer, repairs: string[]): PhotoDescriptionRecord[] {
    if (answer.organizer !== 'gemini') return offlineDescriptions();
    if (answer.descriptionsLeftOut) {
      repairs.push('descriptions: left out of the answer, which did not fit the output limit with them');
      return offlineDescriptions();
    }
    const model = repairPhotoDescriptions(answer.raw, refs);
    repairs.push(...model.repairs.map((repair) => `descriptions: ${repair}`));
    return accepted.map((entry) => ({
      imageId: entry.id,
      ...(model.byRef.get(entry.plannerPhoto.ref) ?? describeOffline(entry.plannerPhoto)),
    }));
  }

  /** The answer validated and repaired against the refs sent, as albums, descriptions and the job's result. */
  function planned(answer: PlannerAnswer): Pick<OrganizedPhotos, 'albums' | 'descriptions' | 'result'> {
    const plan = repairAlbumPlan(answer.raw, refs, [...existingByRef.keys()]);
    const albums = toRecords(keepOutExcluded(plan.albums, plan.repairs));
    const descriptions = described(answer, plan.repairs);
    if (plan.repairs.length > 0)
      deps.logger.warn('repaired the album plan', { ...context, repairs: plan.repairs.slice(0, 20) });
    return {
      albums,
      descriptions,
      result: {
        organizer: answer.organizer,
        ...summarize(albums),
        placedCount: accepted.length,
        repairs: plan.repairs.slice(0, 100),
        ...(answer.model ? { model: answer.model } : {}),
        ...(answer.usage ? { usage: answer.usage } : {}),
        rawAnswer: answer.raw,
      },
    };
  }
}

/** A fault of the system (database, storage), not of the planner: the job is retried, not organized. */
function isFault(error: unknown): boolean {
  return error instanceof AppError && !(error instanceof PlannerUnavailableError);
}

/** What the job's outcome says in words: how many new albums, and which existing albums grew by how much. */
function summarize(
  albums: readonly PlannedAlbumRecord[],
): Pick<JobResult, 'albumCount' | 'newAlbums' | 'joined'> {
  const joined = albums
    .filter((album) => album.joins)
    .map((album) => ({ albumId: album.id, title: album.title, added: album.imageIds.length }));
  return { albumCount: albums.length, newAlbums: albums.length - joined.length, joined };
}
