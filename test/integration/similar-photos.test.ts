/**
 * The near-duplicate rule (core/similar-photos.ts) on real photos read by the real analyzer: photos no
 * one on the project made (Debian's mate-backgrounds and opencv-doc, fetched with apt-get into the
 * bench's cache as the bench does, and face-api's samples from npm), edited the way people edit —
 * re-saved, resized, cropped a little, brightened — must stack with their original; different photos
 * must not, nor flat, gradient and striped pictures, whose hashes all collide.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { debianPackage } from '../../bench/support/debian-photos.ts';
import { createSharpImageAnalyzer } from '../../lambdas/adapters/images/sharp-image-analyzer.ts';
import { type LikenessPhoto, stackSimilar } from '../../lambdas/core/similar-photos.ts';
import { faceApiSample } from '../fixtures/photos.ts';

const analyzer = createSharpImageAnalyzer();
const quiet = () => {};

const edits: Record<string, (bytes: Buffer) => Promise<Buffer>> = {
  'saved again at quality 70': (bytes) => sharp(bytes).jpeg({ quality: 70 }).toBuffer(),
  'resized to half': async (bytes) => {
    const { width = 0 } = await sharp(bytes).metadata();
    return sharp(bytes)
      .resize(Math.round(width / 2))
      .jpeg({ quality: 85 })
      .toBuffer();
  },
  'cropped by 2.5 % each side': async (bytes) => {
    const { width = 0, height = 0 } = await sharp(bytes).metadata();
    const [left, top] = [Math.round(width * 0.025), Math.round(height * 0.025)];
    return sharp(bytes)
      .extract({ left, top, width: width - 2 * left, height: height - 2 * top })
      .jpeg()
      .toBuffer();
  },
  brightened: (bytes) => sharp(bytes).modulate({ brightness: 1.15 }).jpeg().toBuffer(),
};

/** A plain picture 1200 × 900, drawn in SVG. */
const drawn = (body: string) =>
  sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">${body}</svg>`))
    .jpeg()
    .toBuffer();
const stripes = (vertical: boolean, step: number, colour: string) =>
  drawn(
    Array.from({ length: Math.ceil(1200 / step) }, (_, i) =>
      vertical
        ? `<rect x="${i * step}" width="${step / 2}" height="900" fill="${colour}"/>`
        : `<rect y="${i * step}" width="1200" height="${step / 2}" fill="${colour}"/>`,
    ).join(''),
  );

let photos: LikenessPhoto[];
const names = new Map<string, string>();

beforeAll(async () => {
  const mate = await debianPackage(
    'mate-backgrounds',
    'usr/share/backgrounds/mate/nature/LadyBird.jpg',
    quiet,
  );
  const opencv = await debianPackage(
    'opencv-doc',
    'usr/share/doc/opencv-doc/examples/data/messi5.jpg',
    quiet,
  );
  const nature = (file: string) => readFile(join(mate.root, 'usr/share/backgrounds/mate/nature', file));
  const data = (file: string) => readFile(join(opencv.root, 'usr/share/doc/opencv-doc/examples/data', file));
  const minute = (n: number) => new Date(Date.UTC(2026, 6, 4, 20, n));

  const originals: { name: string; bytes: Buffer; takenAt?: Date; edited?: true }[] = [
    { name: 'messi5', bytes: await data('messi5.jpg'), edited: true },
    { name: 'LadyBird', bytes: await nature('LadyBird.jpg'), edited: true },
    { name: 'sample2', bytes: await faceApiSample(2), edited: true },
    // Two frames of one video a moment apart, and a stereo pair (the scene from a step away).
    { name: 'basketball1', bytes: await data('basketball1.png'), takenAt: minute(0) },
    { name: 'basketball2', bytes: await data('basketball2.png'), takenAt: minute(0) },
    { name: 'aloeL', bytes: await data('aloeL.jpg'), takenAt: minute(30) },
    { name: 'aloeR', bytes: await data('aloeR.jpg'), takenAt: minute(31) },
    // Different photos, some of them alike in colour or in scene.
    ...(await Promise.all(
      ['GreenMeadow.jpg', 'YellowFlower.jpg', 'Dune.jpg', 'Wood.jpg', 'Aqua.jpg'].map(async (file) => ({
        name: file,
        bytes: await nature(file),
      })),
    )),
    ...(await Promise.all(
      ['fruits.jpg', 'leuvenA.jpg', 'leuvenB.jpg', 'building.jpg', 'baboon.jpg', 'home.jpg'].map(
        async (file) => ({ name: file, bytes: await data(file) }),
      ),
    )),
    ...(await Promise.all(
      ([1, 3, 4, 5, 6] as const).map(async (n) => ({ name: `sample${n}`, bytes: await faceApiSample(n) })),
    )),
    // Pictures with no left-to-right structure: every one hashes to zero.
    { name: 'flat blue', bytes: await drawn('<rect width="1200" height="900" fill="#3366cc"/>') },
    { name: 'flat white', bytes: await drawn('<rect width="1200" height="900" fill="#fff"/>') },
    {
      name: 'gradient',
      bytes: await drawn(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#fff"/></linearGradient></defs><rect width="1200" height="900" fill="url(#g)"/>',
      ),
    },
    { name: 'horizontal stripes', bytes: await stripes(false, 60, '#3a3') },
    { name: 'wide horizontal stripes', bytes: await stripes(false, 100, '#333') },
    { name: 'vertical stripes', bytes: await stripes(true, 60, '#c33') },
    { name: 'wide vertical stripes', bytes: await stripes(true, 100, '#36c') },
  ];
  const files: { name: string; bytes: Buffer; takenAt?: Date }[] = [];
  for (const original of originals) {
    files.push(original);
    if (original.edited)
      for (const [edit, apply] of Object.entries(edits))
        files.push({ name: `${original.name}, ${edit}`, bytes: await apply(original.bytes) });
  }
  photos = [];
  for (const [index, file] of files.entries()) {
    const format = (await sharp(file.bytes).metadata()).format;
    const read = await analyzer.analyze(file.bytes, format === 'png' ? 'image/png' : 'image/jpeg');
    const id = `photo-${String(index).padStart(3, '0')}`;
    names.set(id, file.name);
    photos.push({
      id,
      perceptualHash: read.perceptualHash,
      look: read.look,
      width: read.width,
      height: read.height,
      sizeBytes: file.bytes.length,
      takenAt: file.takenAt ?? null,
      createdAt: new Date(Date.UTC(2026, 7, 1, 0, 0, index)),
    });
  }
}, 120_000);

test('each edited photo stacks with its original (the original first: most pixels), a burst and a stereo pair stack, and nothing else does', () => {
  const stacks = stackSimilar(photos).map((stack) => stack.imageIds.map((id) => names.get(id)));
  const withEdits = (name: string) => [name, ...Object.keys(edits).map((edit) => `${name}, ${edit}`)];
  expect(stacks.map((stack) => [...(stack as string[])].sort())).toEqual(
    [
      withEdits('messi5'),
      withEdits('LadyBird'),
      withEdits('sample2'),
      ['basketball1', 'basketball2'],
      ['aloeL', 'aloeR'],
    ].map((stack) => [...stack].sort()),
  );
  // The full-size original (or the brightened copy at full size and more bytes) comes first, never the half-size one.
  for (const stack of stacks.slice(0, 3)) expect(stack[0]).not.toContain('resized to half');
  expect(stacks[3]).toHaveLength(2);
});

test('without their dates, the stereo pair is two photos; the video frames are still one picture', () => {
  const undated = photos.map((photo) => ({ ...photo, takenAt: null }));
  const stacks = stackSimilar(undated).map((stack) => stack.imageIds.map((id) => names.get(id)));
  expect(stacks.some((stack) => stack.includes('aloeL'))).toBe(false);
  expect(stacks.some((stack) => stack.includes('basketball1') && stack.includes('basketball2'))).toBe(true);
});
