/** Real photo files on disk for the browser to upload: a weekend in Porto (EXIF time and GPS) and a PNG. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { exifDateTime, makePng } from '../../fixtures/photos.ts';

/** Porto (41.1496 N, 8.6109 W) as EXIF rationals: degrees, minutes, seconds × 10,000. */
const PORTO_GPS = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '41/1 8/1 585600/10000',
  GPSLongitudeRef: 'W',
  GPSLongitude: '8/1 36/1 392400/10000',
};

/** A smooth scene (sky, sun, river, hill) that looks like a photo yet compresses well in screenshots. */
async function scene(
  width: number,
  height: number,
  sky: string,
  ground: string,
  takenAt: Date,
): Promise<Buffer> {
  // Each photo its own composition (sun, hills), as real photos of a trip differ: otherwise the
  // near-duplicate rule would rightly stack them as the same picture.
  const hour = takenAt.getUTCHours() + takenAt.getUTCMinutes() / 60;
  const sun = 0.15 + ((hour * 0.37) % 0.7);
  const left = 0.55 + ((hour * 0.11) % 0.25);
  const right = 0.5 + ((hour * 0.23) % 0.3);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky}"/><stop offset="1" stop-color="#f6dfb0"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#s)"/>
<circle cx="${width * sun}" cy="${height * 0.3}" r="${height * 0.12}" fill="#fff3c4"/>
<path d="M0 ${height * left} Q ${width * (1 - sun)} ${height * 0.45} ${width * 0.7} ${height * 0.66} T ${width} ${height * right} V ${height} H 0 Z" fill="${ground}"/>
<rect y="${height * 0.86}" width="100%" height="${height * 0.14}" fill="#3b6e8f" fill-opacity="0.8"/>
</svg>`;
  return sharp(Buffer.from(svg))
    .withExif({
      IFD0: { Make: 'Fujifilm', Model: 'X100V' },
      // What an X100V writes on a sunny day: shown in the viewer's info panel.
      IFD2: {
        DateTimeOriginal: exifDateTime(takenAt),
        ExposureTime: '1/250',
        FNumber: '2/1',
        ISOSpeedRatings: '160',
        FocalLength: '23/1',
        LensModel: 'XF23mmF2 R WR',
      },
      IFD3: PORTO_GPS,
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export interface PhotoFiles {
  dir: string;
  paths: string[];
  notAPhoto: string;
  remove(): Promise<void>;
}

/**
 * `weekend` 1, 2, … is another weekend in Porto, `weekend` weeks later: other photos (the same files
 * again would be rejected as already in the library).
 */
export async function writePortoWeekend(weekend = 0): Promise<PhotoFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'momentarium-photos-'));
  const at = (iso: string) => new Date(Date.parse(iso) + weekend * 7 * 86_400_000);
  const files: [string, Buffer][] = [
    ['ribeira.jpg', await scene(1200, 900, '#6d9bd1', '#7a5230', at('2026-05-02T10:00:00Z'))],
    ['bridge.jpg', await scene(900, 1200, '#e39a5b', '#4d4a5e', at('2026-05-02T18:30:00Z'))],
    ['tram.jpg', await scene(1200, 900, '#8fc1e3', '#c0392b', at('2026-05-03T09:15:00Z'))],
    ['screenshot.png', await makePng(800 + weekend, 600)],
  ];
  const paths: string[] = [];
  for (const [name, bytes] of files) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    paths.push(path);
  }
  const notAPhoto = join(dir, 'notes.txt');
  await writeFile(notAPhoto, 'not a photo');
  return { dir, paths, notAPhoto, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Two more photos of the same Porto weekend, taken that Sunday afternoon: a second upload. */
export async function writePortoSunday(): Promise<PhotoFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'momentarium-photos-'));
  const files: [string, Buffer][] = [
    ['cais.jpg', await scene(1200, 900, '#9ab8d9', '#6b4f2a', new Date('2026-05-03T14:00:00Z'))],
    ['sunset.jpg', await scene(1200, 900, '#f0a36b', '#3f3b52', new Date('2026-05-03T19:40:00Z'))],
  ];
  const paths: string[] = [];
  for (const [name, bytes] of files) {
    const path = join(dir, name);
    await writeFile(path, bytes);
    paths.push(path);
  }
  return { dir, paths, notAPhoto: '', remove: () => rm(dir, { recursive: true, force: true }) };
}
