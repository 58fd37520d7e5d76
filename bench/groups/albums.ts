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
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import { imageAnalyzer, organizerDependencies, placeResolver } from '../../lambdas/composition/worker.ts';
import { choosePhotoDate } from '../../lambdas/core/photo-date.ts';
import type { AlbumPlanner, PlannerPhoto } from '../../lambdas/core/ports.ts';
import { isScreenshotName } from '../../lambdas/core/screenshot.ts';
import { coarsePlace } from '../../lambdas/core/use-cases/organize-photos.ts';
import { restampJpeg } from '../../test/fixtures/photos.ts';
import type { AlbumFigures, AlbumOrganizerScore, Figures } from '../results.ts';
import { scoreAlbums } from '../support/album-scores.ts';
import type { BenchContext } from '../support/context.ts';
import { debianPackage } from '../support/debian-photos.ts';
import { median, round } from '../support/stats.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The offline organizer before issue #14 (dates from EXIF only, no merging of lone photos). */
const BEFORE_COMMIT = '89989c7';
const PLANNER_PATH = 'lambdas/adapters/offline/offline-album-planner.ts';

const MATE = { name: 'mate-backgrounds', probe: 'usr/share/backgrounds/mate/nature/Dune.jpg' };
const PLASMA = {
  name: 'plasma-workspace-wallpapers',
  probe: 'usr/share/wallpapers/Autumn/contents/images/1920x1080.jpg',
};
const GNOME = { name: 'gnome-backgrounds', probe: 'usr/share/backgrounds/gnome/grid-d.webp' };

const mate = (file: string) => ({ package: MATE, path: `usr/share/backgrounds/mate/${file}` });
const plasma = (name: string, size = '1920x1080.jpg') => ({
  package: PLASMA,
  path: `usr/share/wallpapers/${name}/contents/images/${size}`,
});
const gnome = (file: string) => ({ package: GNOME, path: `usr/share/backgrounds/gnome/${file}` });

const PLACES = {
  lisbon: { latitude: 38.7223, longitude: -9.1393 },
  porto: { latitude: 41.1496, longitude: -8.611 },
  sintra: { latitude: 38.8029, longitude: -9.3817 },
  faro: { latitude: 37.0194, longitude: -7.9304 },
};

interface RollPhoto {
  label: string;
  source: { package: typeof MATE; path: string };
  /** The file name it is uploaded under. */
  name: string;
  /** EXIF DateTimeOriginal (wall clock) and GPS; none: the file carries no EXIF at all. */
  exif?: { takenAt: string; gps?: { latitude: number; longitude: number } };
}

const shot = (
  label: string,
  source: RollPhoto['source'],
  takenAt: string,
  gps?: { latitude: number; longitude: number },
): RollPhoto => ({
  label,
  source,
  name: `IMG_${takenAt.replace(/\D/g, '').slice(0, 8)}_${takenAt.replace(/\D/g, '').slice(8, 14)}.jpg`,
  exif: { takenAt: `${takenAt}Z`, ...(gps ? { gps } : {}) },
});
/** A camera that names its files by a counter: the date is only in the EXIF. */
const counted = (photo: RollPhoto, counter: number): RollPhoto => ({
  ...photo,
  name: `DSC_${1000 + counter}.JPG`,
});
const plain = (label: string, source: RollPhoto['source'], name: string): RollPhoto => ({
  label,
  source,
  name,
});

/** The labelled roll: what a person would keep together, and why. */
const ROLL: RollPhoto[] = [
  // A weekend in Porto, two photos of it received over WhatsApp (no EXIF; the day in the name).
  shot('weekend in Porto', mate('nature/Dune.jpg'), '2026-05-02T10:00:00', PLACES.porto),
  counted(shot('weekend in Porto', mate('nature/Wood.jpg'), '2026-05-02T13:30:00', PLACES.porto), 1),
  shot('weekend in Porto', mate('nature/Aqua.jpg'), '2026-05-02T19:45:00', PLACES.porto),
  shot('weekend in Porto', mate('nature/TwoWings.jpg'), '2026-05-03T11:00:00', PLACES.porto),
  plain('weekend in Porto', mate('nature/Storm.jpg'), 'IMG-20260502-WA0003.jpg'),
  plain('weekend in Porto', mate('nature/GreenMeadow.jpg'), 'IMG-20260503-WA0001.jpg'),
  // A birthday at home one afternoon; one phone had no GPS.
  shot('birthday', mate('nature/RainDrops.jpg'), '2026-05-16T15:00:00', PLACES.lisbon),
  shot('birthday', mate('nature/Blinds.jpg'), '2026-05-16T15:40:00', PLACES.lisbon),
  shot('birthday', mate('abstract/Elephants.jpg'), '2026-05-16T16:20:00'),
  shot('birthday', mate('nature/FreshFlower.jpg'), '2026-05-16T17:10:00', PLACES.lisbon),
  // A day trip to Sintra.
  shot('Sintra', mate('nature/LadyBird.jpg'), '2026-05-24T10:30:00', PLACES.sintra),
  shot('Sintra', mate('nature/YellowFlower.jpg'), '2026-05-24T12:00:00', PLACES.sintra),
  shot('Sintra', mate('nature/Garden.jpg'), '2026-05-24T16:00:00', PLACES.sintra),
  // Everyday March at home: one photo here and there, which a person keeps as "March".
  shot('March at home', plasma('Autumn'), '2026-03-03T18:00:00', PLACES.lisbon),
  shot('March at home', plasma('BytheWater'), '2026-03-11T08:30:00', PLACES.lisbon),
  shot('March at home', plasma('ColdRipple'), '2026-03-19T20:10:00', PLACES.lisbon),
  shot('March at home', plasma('EveningGlow'), '2026-03-27T13:00:00', PLACES.lisbon),
  // A week by the sea in Faro.
  shot('week in Faro', plasma('FallenLeaf'), '2026-08-10T17:00:00', PLACES.faro),
  shot('week in Faro', plasma('Path'), '2026-08-11T11:00:00', PLACES.faro),
  shot('week in Faro', plasma('OneStandsOut'), '2026-08-12T10:00:00', PLACES.faro),
  shot('week in Faro', plasma('summer_1am'), '2026-08-13T19:00:00', PLACES.faro),
  shot('week in Faro', plasma('Kite'), '2026-08-14T09:00:00', PLACES.faro),
  // Christmas at home.
  shot('Christmas', plasma('Grey'), '2026-12-24T20:00:00', PLACES.lisbon),
  shot('Christmas', plasma('DarkestHour'), '2026-12-24T21:30:00', PLACES.lisbon),
  shot('Christmas', plasma('MilkyWay', '5120x2880.png'), '2026-12-25T13:00:00', PLACES.lisbon),
  // Screenshots: a date in the name, nothing else; kept together by what they are.
  plain('screenshots', mate('desktop/Stripes.png'), 'Screenshot_2026-03-05-09-15-00.png'),
  plain('screenshots', mate('desktop/Ubuntu-Mate-Radioactive-no-logo.png'), 'Screenshot_20260420-213000.png'),
  plain('screenshots', mate('desktop/MATE-Stripes-Light.png'), 'Screenshot 2026-06-01 at 10.00.00.png'),
  plain('screenshots', mate('desktop/Ubuntu-Mate-Warm-no-logo.png'), 'Screenshot_2026-08-12-22-05-10.png'),
  // Wallpapers and graphics saved from the web: no date anywhere.
  plain('wallpapers', gnome('grid-d.webp'), 'grid-d.webp'),
  plain('wallpapers', gnome('truchet-l.webp'), 'truchet-l.webp'),
  plain('wallpapers', gnome('symbolic-d.webp'), 'symbolic-d.webp'),
  plain('wallpapers', mate('abstract/Gulp.png'), 'Gulp.png'),
  plain('wallpapers', mate('abstract/Flow.png'), 'Flow.png'),
  plain('wallpapers', mate('abstract/Waves.png'), 'Waves.png'),
];

const CONTENT_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

export async function runAlbumsGroup(ctx: BenchContext): Promise<Figures<AlbumFigures>> {
  const packages = new Map<string, string>();
  const versions: string[] = [];
  for (const pkg of [MATE, PLASMA, GNOME]) {
    const { root, version } = await debianPackage(pkg.name, pkg.probe, (message) =>
      ctx.log(`albums: ${message}`),
    );
    packages.set(pkg.name, root);
    versions.push(`${pkg.name} ${version}`);
  }

  // Each photo as ingest reads it: EXIF (staged), the date in its name, the town.
  const analyzer = imageAnalyzer();
  const places = placeResolver();
  const read: Array<{ photo: PlannerPhoto; exifOnly: PlannerPhoto; label: string }> = [];
  for (const [index, entry] of ROLL.entries()) {
    const original = await readFile(
      join(packages.get(entry.source.package.name) as string, entry.source.path),
    );
    const bytes = entry.exif
      ? await restampJpeg(original, {
          takenAt: new Date(entry.exif.takenAt),
          ...(entry.exif.gps ? { gps: entry.exif.gps } : {}),
          camera: { make: 'Google', model: 'Pixel 8' },
        })
      : original;
    const extension = entry.name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = entry.exif ? 'image/jpeg' : (CONTENT_TYPES[extension] ?? 'image/jpeg');
    const image = await analyzer.analyze(bytes, contentType);
    const date = choosePhotoDate({ exif: image.takenAt, fileName: entry.name, fileModifiedAt: null });
    const photo: PlannerPhoto = {
      ref: `p${index + 1}`,
      image: { bytes: image.modelImage, mimeType: 'image/jpeg' },
      takenAt: date?.takenAt ?? null,
      place: coarsePlace(image.gps, places),
      camera: image.camera,
      screenshot: isScreenshotName(entry.name),
    };
    read.push({ photo, exifOnly: { ...photo, takenAt: image.takenAt }, label: entry.label });
  }
  const labels = new Map(read.map(({ photo, label }) => [photo.ref, label]));
  const photos = read.map((entry) => entry.photo);

  const organizers: AlbumOrganizerScore[] = [];
  const score = (name: string, albums: string[][]) => {
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
    ctx.log(
      `albums: ${name}: F1 ${round(scores.f1, 3)}, ARI ${round(scores.ari, 3)}, ${scores.albums} albums`,
    );
  };

  /** A planner's albums as it answered them (untrusted for the model: see validatedRefs). */
  const plannedAlbums = async (planner: AlbumPlanner): Promise<PlannedAlbum[]> => {
    const answer = await planner.plan(photos);
    return ((answer.raw as { albums?: Array<Partial<PlannedAlbum>> }).albums ?? []).map((album) => ({
      title: String(album.title ?? ''),
      photoIds: Array.isArray(album.photoIds) ? album.photoIds.map(String) : [],
    }));
  };
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
    score(
      `Gemini (${process.env.GEMINI_MODEL ?? 'default model'})`,
      validatedRefs(await plannedAlbums(planner), photos),
    );
  }

  return {
    source: `Debian ${versions.join(', ')}`,
    photos: ROLL.length,
    labelledGroups: new Set(ROLL.map((entry) => entry.label)).size,
    organizers,
    albumTitles: offlineAlbums.map((album) => album.title),
    planning500Ms: round(await planningTime(offline, photos), 1),
  };
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

/**
 * A model's albums as the validator would keep them: each photo in its first album only, unknown refs
 * dropped, and whatever was left out in one more album, as "More moments" would hold it.
 */
function validatedRefs(albums: readonly PlannedAlbum[], photos: readonly PlannerPhoto[]): string[][] {
  const known = new Set(photos.map((photo) => photo.ref));
  const placed = new Set<string>();
  const refs = albums.map((album) =>
    album.photoIds.filter((ref) => known.has(ref) && !placed.has(ref) && placed.add(ref)),
  );
  const missing = [...known].filter((ref) => !placed.has(ref));
  return [...refs.filter((album) => album.length > 0), ...(missing.length > 0 ? [missing] : [])];
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
