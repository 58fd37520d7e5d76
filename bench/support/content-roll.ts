/**
 * The content roll: photos whose albums depend on what they show, not only when and where — group
 * photos of two evenings out with friends' closer shots received later without a date, pages and
 * notes with no date, a lone photo of a city three days after the first day there, fruit with no
 * date. All from packages no one on the project made: face-api's sample photos (in its npm package),
 * Debian's opencv-doc and python3-skimage example images, fetched at run time, never committed.
 * Labels say what a person would keep together. Used by the album-quality bench beside the roll of
 * labelled-roll.ts, and its faces and pictures by the content-analysis bench.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { restampJpeg } from '../../test/fixtures/photos.ts';
import { debianPackage } from './debian-photos.ts';
import type { RollFile } from './labelled-roll.ts';

const OPENCV = { name: 'opencv-doc', probe: 'usr/share/doc/opencv-doc/examples/data/messi5.jpg' };
const SKIMAGE = { name: 'python3-skimage', probe: 'usr/lib/python3/dist-packages/skimage/data/chelsea.png' };
const FACE_API = dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json'));

type Source = { from: 'opencv' | 'skimage' | 'face-api'; path: string };
const opencv = (file: string): Source => ({
  from: 'opencv',
  path: `usr/share/doc/opencv-doc/examples/data/${file}`,
});
const skimage = (file: string): Source => ({
  from: 'skimage',
  path: `usr/lib/python3/dist-packages/skimage/data/${file}`,
});
const sample = (n: number): Source => ({ from: 'face-api', path: `demo/sample${n}.jpg` });

const PLACES = {
  lisbon: { latitude: 38.7223, longitude: -9.1393 },
  porto: { latitude: 41.1496, longitude: -8.611 },
  leuven: { latitude: 50.8798, longitude: 4.7005 },
};

interface ContentPhoto {
  label: string;
  source: Source;
  name: string;
  exif?: { takenAt: string; gps?: { latitude: number; longitude: number } };
  /** A friend's closer shot: the left part of the picture, re-encoded with no metadata, no date in its name. */
  closer?: boolean;
}

const taken = (
  label: string,
  source: Source,
  takenAt: string,
  gps?: { latitude: number; longitude: number },
) => ({
  label,
  source,
  name: `IMG_${takenAt.replace(/\D/g, '').slice(0, 8)}_${takenAt.replace(/\D/g, '').slice(8, 14)}.jpg`,
  exif: { takenAt: `${takenAt}Z`, ...(gps ? { gps } : {}) },
});

export const CONTENT_ROLL: ContentPhoto[] = [
  // A night out in Lisbon, and a friend's closer shot of it received days later, undated.
  taken('night out', sample(1), '2026-06-20T21:00:00', PLACES.lisbon),
  taken('night out', sample(2), '2026-06-20T21:40:00', PLACES.lisbon),
  taken('night out', sample(3), '2026-06-20T22:30:00', PLACES.lisbon),
  taken('night out', sample(4), '2026-06-20T23:50:00', PLACES.lisbon),
  { label: 'night out', source: sample(2), name: 'received_4471.jpg', closer: true },
  // Dinner in Porto with other friends, and their closer shot.
  taken('dinner in Porto', sample(5), '2026-07-04T20:00:00', PLACES.porto),
  taken('dinner in Porto', sample(6), '2026-07-04T20:30:00', PLACES.porto),
  { label: 'dinner in Porto', source: sample(6), name: 'received_4472.jpg', closer: true },
  // Two days in Leuven, and one more photo of the same square three days later (a lone photo that
  // looks like the trip's); two everyday photos later that month.
  taken('Leuven', opencv('leuvenA.jpg'), '2026-04-11T10:00:00', PLACES.leuven),
  taken('Leuven', opencv('building.jpg'), '2026-04-11T11:30:00', PLACES.leuven),
  taken('Leuven', opencv('leuvenB.jpg'), '2026-04-14T16:00:00'),
  taken('everyday April', opencv('aero1.jpg'), '2026-04-25T09:00:00'),
  taken('everyday April', opencv('aero3.jpg'), '2026-04-27T18:00:00'),
  // A Sunday morning at home.
  taken('Sunday at home', skimage('chelsea.png'), '2026-03-01T09:00:00', PLACES.lisbon),
  taken('Sunday at home', skimage('coffee.png'), '2026-03-01T10:30:00', PLACES.lisbon),
  // Pages and notes, photographed or scanned: no date anywhere.
  { label: 'documents', source: opencv('sudoku.png'), name: 'scan-1.png' },
  { label: 'documents', source: opencv('notes.png'), name: 'scan-2.png' },
  { label: 'documents', source: opencv('imageTextN.png'), name: 'scan-3.png' },
  { label: 'documents', source: skimage('page.png'), name: 'scan-4.png' },
  { label: 'documents', source: skimage('text.png'), name: 'scan-5.png' },
  // Fruit, saved from somewhere: no date.
  { label: 'fruit', source: opencv('fruits.jpg'), name: 'fruits.jpg' },
  { label: 'fruit', source: opencv('apple.jpg'), name: 'apple.jpg' },
  { label: 'fruit', source: opencv('orange.jpg'), name: 'orange.jpg' },
];

/** The content roll's files, built; `source` names the packages and versions they came from. */
export async function buildContentRoll(
  log: (message: string) => void,
): Promise<{ files: RollFile[]; source: string }> {
  const opencvPackage = await debianPackage(OPENCV.name, OPENCV.probe, log);
  const skimagePackage = await debianPackage(SKIMAGE.name, SKIMAGE.probe, log);
  const faceApiVersion = JSON.parse(await readFile(join(FACE_API, 'package.json'), 'utf8')).version as string;
  const roots = { opencv: opencvPackage.root, skimage: skimagePackage.root, 'face-api': FACE_API };
  const files: RollFile[] = [];
  for (const entry of CONTENT_ROLL) {
    const original = await readFile(join(roots[entry.source.from], entry.source.path));
    let bytes: Buffer;
    if (entry.exif) {
      // Every photo of an event as a camera would write it: a JPEG with its capture time (and place).
      bytes = await restampJpeg(original, {
        takenAt: new Date(entry.exif.takenAt),
        ...(entry.exif.gps ? { gps: entry.exif.gps } : {}),
        camera: { make: 'Google', model: 'Pixel 8' },
      });
    } else if (entry.closer) {
      const { width = 0, height = 0 } = await sharp(original).metadata();
      bytes = await sharp(original)
        .extract({ left: 0, top: 0, width: Math.round(width / 2), height })
        .jpeg({ quality: 80 })
        .toBuffer();
    } else bytes = original;
    const contentType = bytes[0] === 0xff ? 'image/jpeg' : 'image/png';
    files.push({ label: entry.label, name: entry.name, bytes, contentType });
  }
  return {
    files,
    source: `@vladmandic/face-api ${faceApiVersion} samples; Debian opencv-doc ${opencvPackage.version}, python3-skimage ${skimagePackage.version}`,
  };
}
