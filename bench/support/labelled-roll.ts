/**
 * The labelled camera roll the album-quality bench scores organizers on, and the README's before/after
 * screenshots show: 35 photos no one on the project made (Debian's mate-backgrounds,
 * plasma-workspace-wallpapers and gnome-backgrounds, fetched at run time, never committed), with dates
 * and places written into their EXIF to stage events, and a share with no EXIF at all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { restampJpeg } from '../../test/fixtures/photos.ts';
import { debianPackage } from './debian-photos.ts';

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
  /** Sent through a messaging app: re-encoded, every metadata block (EXIF, XMP) stripped, as they do. */
  messaged?: boolean;
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
  { ...plain('weekend in Porto', mate('nature/Storm.jpg'), 'IMG-20260502-WA0003.jpg'), messaged: true },
  { ...plain('weekend in Porto', mate('nature/GreenMeadow.jpg'), 'IMG-20260503-WA0001.jpg'), messaged: true },
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

export interface RollFile {
  /** What a person would keep it with. */
  label: string;
  /** The file name it is uploaded under. */
  name: string;
  bytes: Buffer;
  contentType: string;
}

/** The roll's files, built: EXIF staged where the roll says, the others as their packages ship them. */
export async function buildRoll(
  log: (message: string) => void,
): Promise<{ files: RollFile[]; source: string }> {
  const roots = new Map<string, string>();
  const versions: string[] = [];
  for (const pkg of [MATE, PLASMA, GNOME]) {
    const { root, version } = await debianPackage(pkg.name, pkg.probe, log);
    roots.set(pkg.name, root);
    versions.push(`${pkg.name} ${version}`);
  }
  const files: RollFile[] = [];
  for (const entry of ROLL) {
    const original = await readFile(join(roots.get(entry.source.package.name) as string, entry.source.path));
    const bytes = entry.exif
      ? await restampJpeg(original, {
          takenAt: new Date(entry.exif.takenAt),
          ...(entry.exif.gps ? { gps: entry.exif.gps } : {}),
          camera: { make: 'Google', model: 'Pixel 8' },
        })
      : entry.messaged
        ? // sharp writes no metadata unless asked: what a messaging app sends on.
          await sharp(original)
            .rotate()
            .resize(1600, 1600, { fit: 'inside' })
            .jpeg({ quality: 80 })
            .toBuffer()
        : original;
    const extension = entry.name.split('.').pop()?.toLowerCase() ?? '';
    const contentType = entry.exif ? 'image/jpeg' : (CONTENT_TYPES[extension] ?? 'image/jpeg');
    files.push({ label: entry.label, name: entry.name, bytes, contentType });
  }
  return { files, source: `Debian ${versions.join(', ')}` };
}
