/**
 * Album quality: a labelled camera roll built at bench time from photos no one on the project made
 * (Debian's mate-backgrounds and plasma-workspace-wallpapers), with dates and places written into
 * their EXIF to stage events — a weekend away with photos received over WhatsApp, a birthday at home,
 * a day trip, everyday days in March, a week by the sea, Christmas — and a share with no EXIF:
 * messaging-app names, screenshots, wallpapers. Each photo is read as ingest reads it (the real
 * analyzer, the file-name dates, the place index), then organized; the albums are scored against the
 * labels (pairwise precision, recall, F1; adjusted Rand index) beside baselines in the same run: time
 * alone (8-hour gaps), the LibrePhotos rule (a new event after a 36-hour gap), and the offline
 * organizer as it was before issue #14 (from git). `--organizer=gemini` also scores the real model,
 * with GEMINI_API_KEY; it never fakes one.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import {
  faceReader,
  imageAnalyzer,
  organizerDependencies,
  placeResolver,
} from '../../lambdas/composition/worker.ts';
import { repairAlbumPlan } from '../../lambdas/core/album-plan.ts';
import { applyAssignment, assignFaces, type KnownPerson } from '../../lambdas/core/people.ts';
import type { AlbumPlanner, PlannerPhoto } from '../../lambdas/core/ports.ts';
import { plannerPhotoOf } from '../../lambdas/core/use-cases/organize-photos.ts';
import type { AlbumFigures, AlbumOrganizerScore, ContentRollFigures, Figures } from '../results.ts';
import { scoreAlbums } from '../support/album-scores.ts';
import { buildContentRoll } from '../support/content-roll.ts';
import type { BenchContext } from '../support/context.ts';
import { buildRoll, type RollFile } from '../support/labelled-roll.ts';
import { median, round } from '../support/stats.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The offline organizer before issue #14 (dates from EXIF only, no merging of lone photos). */
export const BEFORE_COMMIT = '89989c7';
const PLANNER_PATH = 'lambdas/adapters/offline/offline-album-planner.ts';

export async function runAlbumsGroup(ctx: BenchContext): Promise<Figures<AlbumFigures>> {
  const { files, source } = await buildRoll((message) => ctx.log(`albums: ${message}`));

  // Each photo as ingest reads it: EXIF (staged), the date in its name, the town.
  const analyzer = imageAnalyzer();
  const places = placeResolver();
  const read: Array<{ photo: PlannerPhoto; exifOnly: PlannerPhoto; label: string }> = [];
  for (const [index, entry] of files.entries()) {
    const { bytes, contentType } = entry;
    const image = await analyzer.analyze(bytes, contentType);
    // What the planner is shown, as `npm run organize` builds it (the roll stages no file times).
    const photo = plannerPhotoOf(`p${index + 1}`, image, places, { name: entry.name, modifiedAt: null });
    read.push({ photo, exifOnly: { ...photo, takenAt: image.takenAt }, label: entry.label });
  }
  const labels = new Map(read.map(({ photo, label }) => [photo.ref, label]));
  const photos = read.map((entry) => entry.photo);

  const organizers: AlbumOrganizerScore[] = [];
  const score = scorer(labels, organizers, (message) => ctx.log(`albums: ${message}`));

  const plannedAlbums = (planner: AlbumPlanner) => albumsOf(planner, photos);
  // The offline organizer as the app builds it (composition), not the adapter reached around it.
  const offline = organizerDependencies({ ORGANIZER: 'offline' }, quietLogger).planner;
  const offlineAlbums = await plannedAlbums(offline);
  score(
    'offline organizer',
    offlineAlbums.map((album) => album.photoIds),
  );
  score('time alone (8-hour gaps)', splitByGap(photos, 8));
  score('LibrePhotos rule (36-hour gaps)', splitByGap(photos, 36));
  const before = await plannerBefore(ctx);
  if (before)
    score(
      `offline organizer before #14 (${BEFORE_COMMIT}, EXIF dates only)`,
      (await before(read.map((entry) => entry.exifOnly))).map((album) => album.photoIds),
    );
  if (process.argv.includes('--organizer=gemini')) {
    // The real model only: without a key this stops, it never stands in for it.
    if (!process.env.GEMINI_API_KEY) throw new Error('--organizer=gemini needs GEMINI_API_KEY');
    const { planner } = organizerDependencies(process.env, quietLogger);
    // Scored as the app keeps a model's answer: through the same validator and repairs.
    const answer = await planner.plan(photos);
    score(
      `Gemini (${process.env.GEMINI_MODEL ?? 'default model'})`,
      repairAlbumPlan(
        answer.raw,
        photos.map((photo) => photo.ref),
      ).albums.map((album) => album.refs),
    );
  }

  return {
    source,
    photos: files.length,
    labelledGroups: new Set(files.map((entry) => entry.label)).size,
    organizers,
    albumTitles: offlineAlbums.map((album) => album.title),
    planning500Ms: round(await planningTime(offline, photos), 1),
    content: await scoreContentRoll(ctx, offline),
  };
}

/**
 * The content roll: read as ingest reads a photo with people recognition on (the analyzer, then the
 * face reader on the model rendition, each face assigned to a person by the same core rule as the
 * repository), organized with people and looks, without people, and without content at all.
 */
async function scoreContentRoll(ctx: BenchContext, offline: AlbumPlanner): Promise<ContentRollFigures> {
  const { files, source } = await buildContentRoll((message) => ctx.log(`albums: ${message}`));
  const analyzer = imageAnalyzer();
  const places = placeResolver();
  const faces = faceReader({});
  let known: KnownPerson[] = [];
  let personCount = 0;
  let faceCount = 0;
  const photos: PlannerPhoto[] = [];
  for (const [index, entry] of files.entries()) {
    const image = await analyzer.analyze(entry.bytes, entry.contentType);
    const found = await faces.read(image.modelImage);
    faceCount += found.length;
    // As the people repository assigns them, one photo at a time (core/people.ts).
    const assignment = assignFaces(
      found.map((face) => face.descriptor),
      known,
      () => `person-${++personCount}`,
    );
    known = applyAssignment(known, assignment);
    const people = [...new Set(assignment.personIds)];
    const photo = plannerPhotoOf(`p${index + 1}`, image, places, { name: entry.name, modifiedAt: null });
    photos.push({ ...photo, people });
  }
  const labels = new Map(photos.map((photo, index) => [photo.ref, (files[index] as RollFile).label]));
  const organizers: AlbumOrganizerScore[] = [];
  const score = scorer(labels, organizers, (message) => ctx.log(`albums (content roll): ${message}`));
  const withContent = await albumsOf(offline, photos);
  score(
    'offline organizer',
    withContent.map((album) => album.photoIds),
  );
  const noPeople = photos.map((photo) => ({ ...photo, people: [] }));
  score(
    'offline organizer, people recognition off',
    (await albumsOf(offline, noPeople)).map((album) => album.photoIds),
  );
  score(
    'offline organizer without content (no people, no looks)',
    (
      await albumsOf(
        offline,
        noPeople.map((photo) => ({ ...photo, look: null })),
      )
    ).map((album) => album.photoIds),
  );
  score('time alone (8-hour gaps)', splitByGap(photos, 8));
  score('LibrePhotos rule (36-hour gaps)', splitByGap(photos, 36));
  return {
    source,
    photos: files.length,
    labelledGroups: new Set(files.map((entry) => entry.label)).size,
    faces: faceCount,
    people: known.length,
    organizers,
    albumTitles: withContent.map((album) => album.title),
  };
}

/** Scores organizers' albums against `labels`, appending to `organizers`. */
function scorer(
  labels: Map<string, string>,
  organizers: AlbumOrganizerScore[],
  log: (message: string) => void,
): (name: string, albums: string[][]) => void {
  return (name, albums) => {
    const placed = albums.flat();
    if (new Set(placed).size !== placed.length) throw new Error(`${name} placed a photo twice`);
    const byPhoto = new Map(albums.flatMap((refs, index) => refs.map((ref) => [ref, `a${index}`] as const)));
    const scores = scoreAlbums(labels, byPhoto);
    organizers.push({
      name,
      precision: round(scores.precision, 3),
      recall: round(scores.recall, 3),
      f1: round(scores.f1, 3),
      ari: round(scores.ari, 3),
      albums: scores.albums,
      needlessSingletons: scores.needlessSingletons,
    });
    log(`${name}: F1 ${round(scores.f1, 3)}, ARI ${round(scores.ari, 3)}, ${scores.albums} albums`);
  };
}

/** The offline organizer's albums as it answered them (a model's go through repairAlbumPlan). */
async function albumsOf(planner: AlbumPlanner, photos: PlannerPhoto[]): Promise<PlannedAlbum[]> {
  const answer = await planner.plan(photos);
  return ((answer.raw as { albums?: Array<Partial<PlannedAlbum>> }).albums ?? []).map((album) => ({
    title: String(album.title ?? ''),
    photoIds: Array.isArray(album.photoIds) ? album.photoIds.map(String) : [],
  }));
}

/** Albums cut wherever two photos in time order are more than `hours` apart; undated photos together. */
function splitByGap(photos: readonly PlannerPhoto[], hours: number): string[][] {
  const dated = photos
    .filter((photo) => photo.takenAt)
    .sort((a, b) => (a.takenAt as Date).getTime() - (b.takenAt as Date).getTime());
  const albums: string[][] = [];
  let previous: number | undefined;
  for (const photo of dated) {
    const time = (photo.takenAt as Date).getTime();
    if (previous === undefined || time - previous > hours * 3_600_000) albums.push([]);
    albums.at(-1)?.push(photo.ref);
    previous = time;
  }
  const undated = photos.filter((photo) => !photo.takenAt).map((photo) => photo.ref);
  return undated.length > 0 ? [...albums, undated] : albums;
}

interface PlannedAlbum {
  title: string;
  photoIds: string[];
}

/** The median time to plan 500 photos offline: the roll repeated over ten weeks. */
async function planningTime(planner: AlbumPlanner, photos: readonly PlannerPhoto[]): Promise<number> {
  const many: PlannerPhoto[] = Array.from({ length: 500 }, (_, index) => {
    const photo = photos[index % photos.length] as PlannerPhoto;
    const shift = Math.floor(index / photos.length) * 7 * 86_400_000;
    return {
      ...photo,
      ref: `p${index + 1}`,
      takenAt: photo.takenAt ? new Date(photo.takenAt.getTime() + shift) : null,
    };
  });
  const times: number[] = [];
  for (let repetition = 0; repetition < 7; repetition++) {
    const start = performance.now();
    await planner.plan(many);
    times.push(performance.now() - start);
  }
  return median(times);
}

/** The planner module as it was at BEFORE_COMMIT, loaded beside today's core; null without git. */
async function plannerBefore(
  ctx: BenchContext,
): Promise<((photos: PlannerPhoto[]) => Promise<Array<{ photoIds: string[] }>>) | null> {
  let source: string;
  try {
    ({ stdout: source } = await run('git', ['show', `${BEFORE_COMMIT}:${PLANNER_PATH}`], { cwd: ROOT }));
  } catch {
    ctx.log(`albums: no git history here; the organizer before #14 is not measured`);
    return null;
  }
  const folder = await mkdtemp(join(tmpdir(), 'momentarium-planner-before-'));
  try {
    await mkdir(join(folder, 'lambdas/adapters/offline'), { recursive: true });
    await symlink(join(ROOT, 'lambdas/core'), join(folder, 'lambdas/core'), 'dir');
    const file = join(folder, PLANNER_PATH);
    await writeFile(file, source);
    const module = (await import(file)) as {
      planOfflineAlbums(photos: PlannerPhoto[]): Array<{ photoIds: string[] }>;
    };
    return async (photos) => module.planOfflineAlbums(photos);
  } finally {
    // The module is loaded; its files can go.
    await rm(folder, { recursive: true, force: true });
  }
}
