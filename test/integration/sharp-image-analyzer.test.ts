import { createHash, randomBytes } from 'node:crypto';
import exifr from 'exifr';
import sharp from 'sharp';
import { cameraName, cameraSettings, gpsTime, parseExifDate } from '../../lambdas/adapters/images/exif.ts';
import {
  createSharpImageAnalyzer,
  sniffImageType,
} from '../../lambdas/adapters/images/sharp-image-analyzer.ts';
import { LOOK_ALIKE } from '../../lambdas/adapters/offline/content-groups.ts';
import { ImageRejectedError } from '../../lambdas/core/errors.ts';
import { LOOK_LAYOUT, LOOK_LENGTH, LOOK_PALETTE, lookDistance } from '../../lambdas/core/look.ts';
import {
  makeAvif,
  makeDecompressionBombPng,
  makeFakeHeic,
  makeJpeg,
  makeJpegWithCorruptExif,
  makeJpegWithHugeExif,
  makeNotAnImage,
  makePhotoLikeJpeg,
  makePng,
  makeTruncatedJpeg,
  makeWebp,
  makeZeroByteFile,
} from '../fixtures/photos.ts';

const analyzer = createSharpImageAnalyzer();
const porto = { latitude: 41.1496, longitude: -8.6109 };

async function expectRejected(bytes: Uint8Array, declared: string, reason: RegExp): Promise<void> {
  const attempt = analyzer.analyze(bytes, declared);
  await expect(attempt).rejects.toBeInstanceOf(ImageRejectedError);
  await expect(attempt).rejects.toThrow(reason);
}

async function pixelAt(jpeg: Uint8Array, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const offset = (y * info.width + x) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

async function expectNoMetadata(jpeg: Uint8Array): Promise<void> {
  const metadata = await sharp(jpeg).metadata();
  expect(metadata.format).toBe('jpeg');
  expect(metadata.exif).toBeUndefined();
  expect(metadata.xmp).toBeUndefined();
  expect(metadata.orientation).toBeUndefined();
  expect(await exifr.parse(jpeg, { gps: true })).toBeUndefined();
  expect(await exifr.gps(jpeg)).toBeUndefined();
}

describe('sharp image analyzer: readable photos', () => {
  it('reads EXIF capture time as the camera’s wall clock, GPS and camera', async () => {
    const jpeg = await makeJpeg({
      width: 640,
      height: 480,
      takenAt: new Date('2026-05-02T10:30:00Z'),
      offsetTime: '+01:00',
      gps: porto,
      camera: { make: 'Apple', model: 'iPhone 15' },
    });
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect(image.width).toBe(640);
    expect(image.height).toBe(480);
    // The wall clock the camera showed, whatever its offset (+01:00 here): people see 10:30.
    expect(image.takenAt?.toISOString()).toBe('2026-05-02T10:30:00.000Z');
    expect(image.gps?.latitude).toBeCloseTo(porto.latitude, 4);
    expect(image.gps?.longitude).toBeCloseTo(porto.longitude, 4);
    expect(image.camera).toBe('Apple iPhone 15');
  });

  it('reads a capture time without an offset as UTC wall-clock time', async () => {
    const jpeg = await makeJpeg({ width: 64, height: 64, takenAt: new Date('2026-05-03T08:15:42Z') });
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect(image.takenAt?.toISOString()).toBe('2026-05-03T08:15:42.000Z');
    expect(image.gps).toBeNull();
    expect(image.camera).toBeNull();
  });

  it('keeps southern and western hemispheres negative, and ignores a 0,0 "no fix"', async () => {
    const sydney = await analyzer.analyze(
      await makeJpeg({ width: 64, height: 64, gps: { latitude: -33.8688, longitude: 151.2093 } }),
      'image/jpeg',
    );
    expect(sydney.gps?.latitude).toBeCloseTo(-33.8688, 4);
    expect(sydney.gps?.longitude).toBeCloseTo(151.2093, 4);
    const noFix = await analyzer.analyze(
      await makeJpeg({ width: 64, height: 64, gps: { latitude: 0, longitude: 0 } }),
      'image/jpeg',
    );
    expect(noFix.gps).toBeNull();
  });

  it('auto-rotates from EXIF orientation and reports the rotated size', async () => {
    // Stored 600 × 400 with a red left edge; orientation 6 displays it turned 90° clockwise.
    const jpeg = await makeJpeg({
      width: 600,
      height: 400,
      orientation: 6,
      color: '#0000ff',
      leftEdgeColor: '#ff0000',
    });
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect([image.width, image.height]).toEqual([400, 600]);
    const preview = await sharp(image.preview).metadata();
    expect([preview.width, preview.height]).toEqual([400, 600]);
    // The left edge is now the top edge.
    const [topRed, , topBlue] = await pixelAt(image.preview, 200, 10);
    const [bottomRed, , bottomBlue] = await pixelAt(image.preview, 200, 590);
    expect(topRed).toBeGreaterThan(200);
    expect(topBlue).toBeLessThan(60);
    expect(bottomRed).toBeLessThan(60);
    expect(bottomBlue).toBeGreaterThan(200);
  });

  it('makes a 1024 px preview, a 512 px thumbnail and a 512 px model image with no EXIF, GPS or orientation', async () => {
    const jpeg = await makeJpeg({
      width: 3000,
      height: 2000,
      orientation: 8,
      takenAt: new Date('2026-05-02T10:30:00Z'),
      gps: porto,
      camera: { make: 'Apple', model: 'iPhone 15' },
    });
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect([image.width, image.height]).toEqual([2000, 3000]);
    const preview = await sharp(image.preview).metadata();
    const model = await sharp(image.modelImage).metadata();
    expect([preview.width, preview.height]).toEqual([683, 1024]);
    expect([model.width, model.height]).toEqual([342, 512]);
    const thumbnail = await sharp(image.thumbnail).metadata();
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['jpeg', 342, 512]);
    await expectNoMetadata(image.preview);
    await expectNoMetadata(image.thumbnail);
    await expectNoMetadata(image.modelImage);
  });

  it('keeps the model image of even pure noise (the worst case for JPEG) small enough for 500 in one request', async () => {
    // Square noise at the model image's size: the most pixels and the least averaging (the worst case).
    const raw = randomBytes(512 * 512 * 3);
    const noise = await sharp(raw, { raw: { width: 512, height: 512, channels: 3 } })
      .jpeg({ quality: 95 })
      .toBuffer();
    const image = await analyzer.analyze(noise, 'image/jpeg');
    // Encoded again at lower qualities until it weighs at most 80 KB: 500 of them base64-encoded are
    // at most ~54 MB, about half of Gemini's 100 MB inline request limit.
    expect(image.modelImage.length).toBeLessThanOrEqual(80_000);
    expect(Math.ceil((500 * image.modelImage.length) / 3) * 4).toBeLessThan(0.6 * 100e6);
  });

  it('never enlarges a small photo', async () => {
    const image = await analyzer.analyze(await makeJpeg({ width: 300, height: 200 }), 'image/jpeg');
    const preview = await sharp(image.preview).metadata();
    const model = await sharp(image.modelImage).metadata();
    const thumbnail = await sharp(image.thumbnail).metadata();
    expect([preview.width, preview.height, model.width, model.height]).toEqual([300, 200, 300, 200]);
    expect([thumbnail.width, thumbnail.height]).toEqual([300, 200]);
  });

  it('accepts PNG (flattening transparency), WebP and AVIF-coded HEIF', async () => {
    const png = await analyzer.analyze(await makePng(1600, 900, { alpha: true }), 'image/png');
    expect([png.width, png.height]).toEqual([1600, 900]);
    const previewInfo = await sharp(png.preview).metadata();
    expect([previewInfo.width, previewInfo.height, previewInfo.hasAlpha]).toEqual([1024, 576, false]);
    const [red, green] = await pixelAt(png.preview, 10, 10);
    // Half-transparent red over white, not over black.
    expect(red).toBeGreaterThan(200);
    expect(green).toBeGreaterThan(100);

    const webp = await analyzer.analyze(await makeWebp(320, 240), 'image/webp');
    expect([webp.width, webp.height]).toEqual([320, 240]);

    const avif = await makeAvif(320, 240);
    for (const declared of ['image/heif', 'image/heic']) {
      const heif = await analyzer.analyze(avif, declared);
      expect([heif.width, heif.height]).toEqual([320, 240]);
      expect((await sharp(heif.preview).metadata()).format).toBe('jpeg');
    }
  });

  it('reads a Uint8Array that is a view into a larger buffer', async () => {
    const jpeg = await makeJpeg({ width: 120, height: 80 });
    const padded = new Uint8Array(jpeg.length + 100);
    padded.set(jpeg, 50);
    const image = await analyzer.analyze(padded.subarray(50, 50 + jpeg.length), 'image/jpeg');
    expect([image.width, image.height]).toEqual([120, 80]);
  });

  it('survives an absurdly large EXIF block and still reads what it can', async () => {
    const jpeg = await makeJpegWithHugeExif({
      takenAt: new Date('2026-05-02T10:30:00Z'),
      camera: { make: 'NIKON CORPORATION', model: 'NIKON D750' },
    });
    expect(jpeg.length).toBeGreaterThan(2_000_000);
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect([image.width, image.height]).toEqual([320, 240]);
    expect(image.takenAt?.toISOString()).toBe('2026-05-02T10:30:00.000Z');
    expect(image.camera).toBe('NIKON D750');
    expect(image.preview.length).toBeLessThan(20_000);
  });

  it('keeps a photo whose EXIF is corrupt, with no EXIF facts', async () => {
    const image = await analyzer.analyze(await makeJpegWithCorruptExif(), 'image/jpeg');
    expect([image.width, image.height]).toEqual([200, 100]);
    expect([image.takenAt, image.gps, image.camera]).toEqual([null, null, null]);
  });

  it('turns a 12 MP photo-like JPEG into a model image under 80 KB, quickly', async () => {
    const jpeg = await makePhotoLikeJpeg();
    expect(jpeg.length).toBeGreaterThan(2_000_000);
    expect(jpeg.length).toBeLessThan(5_000_000);
    await analyzer.analyze(jpeg, 'image/jpeg'); // warm-up: libvips loads its operations once
    const started = performance.now();
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    const elapsed = performance.now() - started;
    console.info(
      `12 MP analyze: ${elapsed.toFixed(0)} ms, input ${(jpeg.length / 1e6).toFixed(2)} MB, ` +
        `preview ${(image.preview.length / 1024).toFixed(1)} KB, model image ${(image.modelImage.length / 1024).toFixed(1)} KB`,
    );
    expect([image.width, image.height]).toEqual([4000, 3000]);
    expect(image.modelImage.length).toBeLessThan(80 * 1024);
    expect(image.preview.length).toBeLessThan(300 * 1024);
    const model = await sharp(image.modelImage).metadata();
    expect([model.width, model.height]).toEqual([512, 384]);
    // Generous bound for a loaded CI machine; about 50 ms here.
    expect(elapsed).toBeLessThan(1500);
  });
});

describe('sharp image analyzer: the look', () => {
  test('a look in the documented shape: layout, palette summing to one, texture, every number 0–1', async () => {
    const { look } = await analyzer.analyze(await makePhotoLikeJpeg(1600, 1200, 3), 'image/jpeg');
    expect(look).toHaveLength(LOOK_LENGTH);
    for (const value of look) expect(value).toBeGreaterThanOrEqual(0);
    for (const value of look) expect(value).toBeLessThanOrEqual(1);
    const palette = look
      .slice(LOOK_LAYOUT, LOOK_LAYOUT + LOOK_PALETTE)
      .reduce((sum, value) => sum + value, 0);
    expect(palette).toBeCloseTo(1, 2);
  });

  test('the same picture resized and re-saved looks alike; another picture does not', async () => {
    const original = await makePhotoLikeJpeg(1600, 1200, 5);
    const resaved = await sharp(original).resize(700).jpeg({ quality: 60 }).toBuffer();
    const other = await makePng(1600, 1200);
    const [a, b, c] = await Promise.all(
      [
        [original, 'image/jpeg'],
        [resaved, 'image/jpeg'],
        [other, 'image/png'],
      ].map(async ([bytes, type]) => (await analyzer.analyze(bytes as Buffer, type as string)).look),
    );
    expect(lookDistance(a as number[], b as number[])).toBeLessThan(LOOK_ALIKE / 4);
    expect(lookDistance(a as number[], c as number[])).toBeGreaterThan(LOOK_ALIKE);
  });
});

describe('sharp image analyzer: hostile files', () => {
  it('rejects an empty file', async () => {
    await expectRejected(makeZeroByteFile(), 'image/jpeg', /empty/);
  });

  it('rejects a file that is not an image', async () => {
    await expectRejected(makeNotAnImage(), 'image/jpeg', /not a JPEG, PNG, WebP or HEIC image/);
  });

  it('rejects a file whose real type differs from the declared one', async () => {
    await expectRejected(await makePng(64, 64), 'image/jpeg', /PNG image but was uploaded as image\/jpeg/);
    await expectRejected(
      await makeJpeg({ width: 64, height: 64 }),
      'image/webp',
      /JPEG image but was uploaded/,
    );
    await expectRejected(makeFakeHeic(), 'image/jpeg', /HEIC image but was uploaded as image\/jpeg/);
    await expectRejected(await makeJpeg({ width: 64, height: 64 }), 'image/gif', /uploaded as image\/gif/);
  });

  it('rejects a truncated JPEG', async () => {
    await expectRejected(await makeTruncatedJpeg(), 'image/jpeg', /truncated or corrupt/);
  });

  it('rejects a decompression bomb before decoding it', async () => {
    const bomb = makeDecompressionBombPng();
    expect(bomb.length).toBeLessThan(200_000);
    const started = performance.now();
    await expectRejected(bomb, 'image/png', /too large: 30000 × 30000 pixels/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('honours a lower pixel limit', async () => {
    const strict = createSharpImageAnalyzer({ maxPixels: 1_000_000 });
    await expect(strict.analyze(await makeJpeg({ width: 1200, height: 1000 }), 'image/jpeg')).rejects.toThrow(
      /too large/,
    );
  });

  it('rejects a HEIC it cannot decode, through the HEIC decoder', async () => {
    // No HEVC encoder exists on this machine, so a real iPhone HEIC cannot be made here: this file has
    // a genuine HEIC ftyp box and garbage after it.
    await expectRejected(makeFakeHeic(), 'image/heic', /HEIC image is corrupt/);
  });
});

describe('sharp image analyzer: helpers', () => {
  it('sniffs formats from magic numbers', async () => {
    expect(sniffImageType(await makeJpeg({ width: 8, height: 8 }))).toBe('image/jpeg');
    expect(sniffImageType(await makePng(8, 8))).toBe('image/png');
    expect(sniffImageType(await makeWebp(8, 8))).toBe('image/webp');
    expect(sniffImageType(await makeAvif(8, 8))).toBe('image/avif');
    expect(sniffImageType(makeFakeHeic())).toBe('image/heic');
    expect(sniffImageType(makeNotAnImage())).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it('parses EXIF dates strictly', () => {
    expect(parseExifDate('2026:05:02 10:30:00')?.toISOString()).toBe('2026-05-02T10:30:00.000Z');
    // XMP's ISO form, its zone ignored like EXIF's OffsetTime: the wall clock is what people saw.
    expect(parseExifDate('2026-05-02T10:30:00-05:00')?.toISOString()).toBe('2026-05-02T10:30:00.000Z');
    // IPTC's day alone: noon, well inside the day.
    expect(parseExifDate('20260502')?.toISOString()).toBe('2026-05-02T12:00:00.000Z');
    expect(parseExifDate('0000:00:00 00:00:00')).toBeNull();
    expect(parseExifDate('2026:02:31 10:00:00')).toBeNull();
    expect(parseExifDate('    :  :     :  :  ')).toBeNull();
    expect(parseExifDate(12)).toBeNull();
  });

  it('takes an editor’s XMP date when the file has no EXIF capture time', async () => {
    const xmp =
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
      '<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" ' +
      'photoshop:DateCreated="2019-06-01T10:20:30+02:00"/></rdf:RDF></x:xmpmeta>';
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
      .withXmp(xmp)
      .jpeg()
      .toBuffer();
    expect((await createSharpImageAnalyzer().analyze(jpeg, 'image/jpeg')).takenAt?.toISOString()).toBe(
      '2019-06-01T10:20:30.000Z',
    );
  });

  it('turns the GPS clock (UTC) into the camera’s wall clock with its offset', () => {
    expect(gpsTime('2026:05:02', [22, 30, 15.5], '+02:00')?.toISOString()).toBe('2026-05-03T00:30:15.000Z');
    expect(gpsTime('2026:05:02', [10, 30, 0], undefined)?.toISOString()).toBe('2026-05-02T10:30:00.000Z');
    expect(gpsTime('2026:05:02', [10, 30], '+02:00')).toBeNull();
    expect(gpsTime(undefined, [10, 30, 0], '+02:00')).toBeNull();
  });

  it('names cameras without repeating the make', () => {
    expect(cameraName('Apple', 'iPhone 15')).toBe('Apple iPhone 15');
    expect(cameraName('Apple', 'Apple iPhone 15')).toBe('Apple iPhone 15');
    expect(cameraName('NIKON CORPORATION', 'NIKON D750')).toBe('NIKON D750');
    expect(cameraName('Canon\u0000\u0000', '  Canon EOS R5 ')).toBe('Canon EOS R5');
    expect(cameraName('', 'Pixel 8')).toBe('Pixel 8');
    expect(cameraName('samsung', undefined)).toBe('samsung');
    expect(cameraName(undefined, 42)).toBeNull();
  });
});

describe('sharp image analyzer: camera settings', () => {
  it('reads make, model, lens, exposure, f-number, ISO and focal length as the camera wrote them', async () => {
    const jpeg = await makeJpeg({
      width: 320,
      height: 240,
      gps: porto,
      camera: { make: 'Apple', model: 'iPhone 15 Pro' },
      exifIfd: {
        ExposureTime: '1/250',
        FNumber: '178/100',
        ISOSpeedRatings: '100',
        FocalLength: '686/100',
        LensMake: 'Apple',
        LensModel: 'iPhone 15 Pro back triple camera 6.86mm f/1.78',
      },
    });
    const image = await analyzer.analyze(jpeg, 'image/jpeg');
    expect(image.settings).toEqual({
      make: 'Apple',
      model: 'iPhone 15 Pro',
      lens: 'iPhone 15 Pro back triple camera 6.86mm f/1.78',
      exposureSeconds: 0.004,
      fNumber: 1.78,
      iso: 100,
      focalLengthMm: 6.86,
    });
    expect(image.camera).toBe('Apple iPhone 15 Pro');
    // The analyzer hands the exact fix to ingest, which keeps only its rounding.
    expect(image.gps?.latitude).toBeCloseTo(porto.latitude, 4);
  });

  it('names a third-party lens by its maker, and falls back to the range LensInfo gives', async () => {
    const sigma = await makeJpeg({
      width: 64,
      height: 64,
      camera: { make: 'SONY', model: 'ILCE-7M4' },
      exifIfd: {
        LensMake: 'SIGMA',
        LensModel: '24-70mm F2.8 DG DN | Art',
        ISOSpeedRatings: '65535',
        ISOSpeed: '102400',
      },
    });
    expect((await analyzer.analyze(sigma, 'image/jpeg')).settings).toMatchObject({
      lens: 'SIGMA 24-70mm F2.8 DG DN | Art',
      // Above 65535 the ISO tag is saturated; EXIF 2.3's ISOSpeed has the real figure.
      iso: 102400,
    });
    const ranged = await makeJpeg({
      width: 64,
      height: 64,
      camera: { make: 'Canon', model: 'Canon EOS R5' },
      exifIfd: { LensSpecification: '24/1 70/1 28/10 4/1' },
    });
    const canon = await analyzer.analyze(ranged, 'image/jpeg');
    expect(canon.settings).toMatchObject({ make: 'Canon', model: 'EOS R5', lens: '24–70 mm f/2.8–4' });
    expect(canon.camera).toBe('Canon EOS R5');
  });

  it('turns odd values into nulls, never a rejection', async () => {
    const broken = await makeJpeg({
      width: 64,
      height: 64,
      camera: { make: 'SONY\u0000\u0000', model: '\u0001\u0002' },
      exifIfd: {
        ExposureTime: '0/0',
        FNumber: '0/1',
        ISOSpeedRatings: '0',
        FocalLength: '1/0',
        LensModel: '----',
      },
    });
    expect((await analyzer.analyze(broken, 'image/jpeg')).settings).toEqual({
      make: 'SONY',
      model: null,
      lens: null,
      exposureSeconds: null,
      fNumber: null,
      iso: null,
      focalLengthMm: null,
    });
    // Values a REAL column could not hold (1e-10 underflows, 4e9 mm is no lens) are dropped too.
    const absurd = await makeJpeg({
      width: 64,
      height: 64,
      exifIfd: { ExposureTime: '1/4294967295', FNumber: '1/4294967295', FocalLength: '4294967295/1' },
    });
    expect((await analyzer.analyze(absurd, 'image/jpeg')).settings).toMatchObject({
      exposureSeconds: null,
      fNumber: null,
      focalLengthMm: null,
    });
    const none = await analyzer.analyze(await makeJpeg({ width: 64, height: 64 }), 'image/jpeg');
    expect(Object.values(none.settings).every((value) => value === null)).toBe(true);
    const corrupt = await analyzer.analyze(await makeJpegWithCorruptExif(), 'image/jpeg');
    expect(Object.values(corrupt.settings).every((value) => value === null)).toBe(true);
  });

  it('reads the tags as exifr gives them: numbers in range, first of an array, text cleaned and bounded', () => {
    expect(
      cameraSettings({
        Make: ' NIKON CORPORATION ',
        Model: 'NIKON Z 6_2',
        LensModel: `NIKKOR Z 24-70mm f/4 S${' long'.repeat(40)}`,
        ExposureTime: 30,
        FNumber: 4,
        ISO: [6400, 0],
        FocalLength: 24,
      }),
    ).toEqual({
      make: 'NIKON CORPORATION',
      // Under its make, as search lists it: the brand is not repeated (the display name keeps it).
      model: 'Z 6_2',
      lens: expect.stringMatching(/^NIKKOR Z 24-70mm f\/4 S long/),
      exposureSeconds: 30,
      fNumber: 4,
      iso: 6400,
      focalLengthMm: 24,
    });
    expect(cameraSettings({ LensModel: 'x'.repeat(500) }).lens).toHaveLength(80);
    expect(cameraSettings({ Make: 'GoPro', Model: 'gopro' })).toMatchObject({ make: 'GoPro', model: null });
    expect(cameraSettings({ Make: 'Canon', Model: 'Canonet QL17' }).model).toBe('Canonet QL17');
    expect(cameraSettings({ Model: 'Pixel 8' })).toMatchObject({ make: null, model: 'Pixel 8' });
    expect(
      cameraSettings({
        Make: 42,
        Model: { toString: () => 'evil' },
        LensModel: ['a'],
        ExposureTime: '1/250',
        FNumber: -2,
        ISO: 12.6,
        FocalLength: Number.NaN,
        LensInfo: [0, 0, 0, 0],
      }),
    ).toEqual({
      make: null,
      model: null,
      lens: null,
      exposureSeconds: null,
      fNumber: null,
      iso: 13,
      focalLengthMm: null,
    });
    expect(cameraSettings({ ISO: 1e12 }).iso).toBeNull();
    expect(cameraSettings({ ISO: 0.4 }).iso).toBeNull();
    expect(cameraSettings({ LensInfo: [50, 50, 1.8, 1.8] }).lens).toBe('50 mm f/1.8');
    expect(cameraSettings({ LensInfo: [18, 55, 0, 0] }).lens).toBe('18–55 mm');
  });
});

describe('fingerprints for duplicates', () => {
  const hamming = (a: string, b: string) => {
    let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
    let count = 0;
    while (diff > 0n) {
      count += Number(diff & 1n);
      diff >>= 1n;
    }
    return count;
  };

  it('the SHA-256 is of the bytes as uploaded', async () => {
    const bytes = await makePhotoLikeJpeg(800, 600, 3);
    const { sha256 } = await analyzer.analyze(bytes, 'image/jpeg');
    expect(sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('a re-save or resize of a picture is a near duplicate; another picture is not', async () => {
    const original = await makePhotoLikeJpeg(1600, 1200, 5);
    const resaved = await sharp(original).resize(1000).jpeg({ quality: 55 }).toBuffer();
    const other = await makePhotoLikeJpeg(1600, 1200, 6);
    const [a, b, c] = await Promise.all(
      [original, resaved, other].map((bytes) => analyzer.analyze(bytes, 'image/jpeg')),
    );
    expect(a?.perceptualHash).toMatch(/^[0-9a-f]{16}$/);
    expect(a?.sha256).not.toBe(b?.sha256);
    expect(hamming(a?.perceptualHash as string, b?.perceptualHash as string)).toBeLessThanOrEqual(6);
    expect(hamming(a?.perceptualHash as string, c?.perceptualHash as string)).toBeGreaterThan(12);
  });
});
