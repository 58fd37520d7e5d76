/**
 * ImageAnalyzer on sharp (libvips) and exifr, with heic-decode (libheif compiled to WASM) for the HEVC
 * coded HEIC photos iPhones take: sharp's prebuilt libvips only decodes AVIF-coded HEIF.
 *
 * Every photo is untrusted bytes. The format is sniffed from its magic numbers, never taken from the
 * declared content type; the pixel count is checked from the header before anything is decoded; a
 * truncated file fails instead of decoding to a grey half. EXIF problems never reject a photo.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type SharpFactory from 'sharp';
import type { OutputInfo, Sharp } from 'sharp';
import { ImageRejectedError } from '../../core/errors.ts';
import type { AnalyzedImage, ImageAnalyzer } from '../../core/ports.ts';
import { readExif } from './exif.ts';
import { computeLook } from './look.ts';

export interface SharpImageAnalyzerOptions {
  /** Photos with more pixels than this are rejected as decompression bombs. Default 100 megapixels. */
  maxPixels?: number;
  /** Long side of the gallery preview. Default 1024. */
  previewSize?: number;
  previewQuality?: number;
  /** Long side of the grid thumbnail. Default 512. */
  thumbnailSize?: number;
  thumbnailQuality?: number;
  /** Long side of the image the model sees. Default 512. */
  modelImageSize?: number;
  modelImageQuality?: number;
  /** The most a model image may weigh: above it, it is encoded again at lower qualities. Default 80 KB. */
  modelImageMaxBytes?: number;
}

type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/heif' | 'image/avif';

interface RenderedImage {
  preview: Buffer;
  thumbnail: Buffer;
  modelImage: Buffer;
  width: number;
  height: number;
  perceptualHash: string;
  look: number[];
}

const DEFAULTS = {
  maxPixels: 100_000_000,
  previewSize: 1024,
  previewQuality: 80,
  // A grid tile is at most ~250 CSS px (500 device px on a 2x screen): a third of the preview's bytes.
  thumbnailSize: 512,
  thumbnailQuality: 75,
  // 512 px: at LOW media resolution the model bills 280 tokens an image whatever its pixels, so more
  // pixels buy bytes, not tokens. Real photos come out at 8-25 KB; the worst case for JPEG (512 x 512
  // of noise) is ~135 KB at quality 70, so a model image over 80 KB is encoded again at lower
  // qualities: 500 photos are then at most ~54 MB base64, about half of Gemini's 100 MB inline limit
  // (BENCHMARKS.md, "Model request on real photos").
  modelImageSize: 512,
  modelImageQuality: 70,
  modelImageMaxBytes: 80 * 1000,
} satisfies Required<SharpImageAnalyzerOptions>;

const HEIF_FAMILY = new Set(['image/heic', 'image/heif', 'image/avif']);
const FORMAT_NAMES: Record<SniffedType, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/webp': 'WebP',
  'image/heic': 'HEIC',
  'image/heif': 'HEIF',
  'image/avif': 'AVIF',
};

/**
 * sharp (libvips, about 20 MiB resident) is loaded by the first photo read, not when this module is:
 * the worker carries the analyzer for the rare photo ingest did not read, and most jobs never need it.
 */
let loadedSharp: typeof SharpFactory | undefined;

function sharp(...args: Parameters<typeof SharpFactory>): Sharp {
  if (!loadedSharp) throw new Error('sharp is used before analyze() loaded it');
  return loadedSharp(...args);
}

/** Creates the sharp-based analyzer; options exist for tests and tuning, the defaults suit the app. */
export function createSharpImageAnalyzer(options: SharpImageAnalyzerOptions = {}): ImageAnalyzer {
  const settings = { ...DEFAULTS, ...options };
  return {
    async analyze(bytes: Uint8Array, declaredContentType: string): Promise<AnalyzedImage> {
      loadedSharp ??= (await import('sharp')).default;
      const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      if (buffer.byteLength === 0) throw new ImageRejectedError('the file is empty');
      const sniffed = sniffImageType(buffer);
      checkDeclaredType(sniffed, declaredContentType.trim().toLowerCase());

      // EXIF is read alongside the decode; it can only ever yield nulls, never a rejection.
      const [rendered, exif] = await Promise.all([render(buffer, sniffed, settings), readExif(buffer)]);
      return {
        preview: rendered.preview,
        thumbnail: rendered.thumbnail,
        modelImage: rendered.modelImage,
        width: rendered.width,
        height: rendered.height,
        sha256: createHash('sha256').update(buffer).digest('hex'),
        perceptualHash: rendered.perceptualHash,
        look: rendered.look,
        ...exif,
      };
    },
  };
}

/** The image type named by the file's magic numbers, or null for anything else. */
export function sniffImageType(bytes: Uint8Array): SniffedType | null {
  const ascii = (start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1');
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') return heifBrandType(bytes, ascii);
  return null;
}

function heifBrandType(bytes: Uint8Array, ascii: (start: number, end: number) => string): SniffedType | null {
  const boxSize = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
  // Real ftyp boxes list a handful of brands; a lying box size must not make us scan the whole file.
  const end = Math.min(bytes.length, Math.max(16, boxSize), 256);
  // The major brand, then the compatible brands after the minor version.
  const brands = [ascii(8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(offset, offset + 4));
  if (
    brands.some((brand) => ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs'].includes(brand))
  )
    return 'image/heic';
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'image/avif';
  if (brands.some((brand) => brand === 'mif1' || brand === 'msf1')) return 'image/heif';
  return null; // Some other ISO media file, e.g. an MP4 video.
}

function checkDeclaredType(sniffed: SniffedType | null, declared: string): asserts sniffed is SniffedType {
  if (sniffed === null) throw new ImageRejectedError('the file is not a JPEG, PNG, WebP or HEIC image');
  // HEIC and HEIF are one family (AVIF is HEIF with AV1 inside): browsers and phones label them loosely.
  const matches = sniffed === declared || (HEIF_FAMILY.has(sniffed) && HEIF_FAMILY.has(declared));
  if (!matches)
    throw new ImageRejectedError(
      `the file is a ${FORMAT_NAMES[sniffed]} image but was uploaded as ${declared.slice(0, 60)}`,
    );
}

async function render(
  buffer: Buffer,
  sniffed: SniffedType,
  settings: Required<SharpImageAnalyzerOptions>,
): Promise<RenderedImage> {
  // Reading the header decodes no pixels, so no pixel limit here: the check below gives a clearer reason.
  const header = await sharp(buffer, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (HEIF_FAMILY.has(sniffed) && header?.compression !== 'av1') return renderHeic(buffer, settings);
  if (!header?.width || !header.height) throw new ImageRejectedError('the image is corrupt');
  checkPixelCount(header.width, header.height, settings.maxPixels);
  const oriented = header.autoOrient ?? { width: header.width, height: header.height };

  // One decode to a rotated raw rendition at preview size; every JPEG is derived from it.
  // failOn 'truncated' makes a cut-off upload an error instead of a half-grey picture, while sharp's
  // default ('warning') would also reject the slightly malformed JPEGs some real cameras write.
  const pipeline = sharp(buffer, { failOn: 'truncated', limitInputPixels: settings.maxPixels })
    .autoOrient()
    .flatten({ background: '#ffffff' });
  return renderFrom(pipeline, oriented.width, oriented.height, settings);
}

async function renderHeic(
  buffer: Buffer,
  settings: Required<SharpImageAnalyzerOptions>,
): Promise<RenderedImage> {
  let images: HeicImages;
  try {
    images = await loadHeicDecoder().all({ buffer });
  } catch (error) {
    throw new ImageRejectedError('the HEIC image is corrupt or uses an unsupported encoding', error);
  }
  try {
    const primary = images[0];
    if (!primary) throw new ImageRejectedError('the HEIC file holds no image');
    checkPixelCount(primary.width, primary.height, settings.maxPixels);
    let decoded: { width: number; height: number; data: Uint8ClampedArray };
    try {
      decoded = await primary.decode();
    } catch (error) {
      throw new ImageRejectedError('the HEIC image is corrupt or uses an unsupported encoding', error);
    }
    // libheif has already applied the container's rotation and mirroring (irot/imir), as HEIF requires.
    const pixels = Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
    const pipeline = sharp(pixels, {
      raw: { width: decoded.width, height: decoded.height, channels: 4 },
      limitInputPixels: settings.maxPixels,
    }).flatten({ background: '#ffffff' });
    return await renderFrom(pipeline, decoded.width, decoded.height, settings);
  } finally {
    images.dispose();
  }
}

async function renderFrom(
  pipeline: Sharp,
  width: number,
  height: number,
  settings: Required<SharpImageAnalyzerOptions>,
): Promise<RenderedImage> {
  let base: { data: Buffer; info: OutputInfo };
  try {
    base = await pipeline
      .resize(settings.previewSize, settings.previewSize, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    if (error instanceof ImageRejectedError) throw error;
    throw new ImageRejectedError('the image is truncated or corrupt', error);
  }
  const raw = { raw: { width: base.info.width, height: base.info.height, channels: base.info.channels } };
  // No withMetadata()/keepExif(): sharp writes no EXIF, GPS or ICC unless asked, and it is not asked.
  const smaller = (size: number, quality: number) =>
    sharp(base.data, raw)
      .resize(size, size, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality, mozjpeg: false })
      .toBuffer();
  const [preview, thumbnail, model] = await Promise.all([
    sharp(base.data, raw).jpeg({ quality: settings.previewQuality, mozjpeg: false }).toBuffer(),
    smaller(settings.thumbnailSize, settings.thumbnailQuality),
    sharp(base.data, raw)
      .resize(settings.modelImageSize, settings.modelImageSize, { fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true }),
  ]);
  const modelPixels = {
    raw: { width: model.info.width, height: model.info.height, channels: model.info.channels },
  };
  const [perceptualHash, look] = await Promise.all([
    differenceHash(model.data, model.info),
    computeLook(sharp(model.data, modelPixels)),
  ]);
  // Resized once; encoded again only when busy detail (gravel, foliage, sensor noise) makes it heavy.
  const encodeModel = (quality: number) =>
    sharp(model.data, modelPixels).jpeg({ quality, mozjpeg: false }).toBuffer();
  let modelImage = await encodeModel(settings.modelImageQuality);
  for (const quality of [50, 35, 20]) {
    if (modelImage.byteLength <= settings.modelImageMaxBytes) break;
    modelImage = await encodeModel(quality);
  }
  return { preview, thumbnail, modelImage, width, height, perceptualHash, look };
}

/**
 * A 64-bit difference hash (dHash), as 16 hex digits: the picture shrunk to 9 x 8 grey pixels, one bit
 * per pair of neighbours (is the left one brighter?). Re-saves, small edits and resizes keep most bits;
 * different pictures differ in about half. Near duplicates are a small Hamming distance apart.
 */
async function differenceHash(pixels: Buffer, info: OutputInfo): Promise<string> {
  const grey = await sharp(pixels, {
    raw: { width: info.width, height: info.height, channels: info.channels },
  })
    .grayscale()
    .resize(9, 8, { fit: 'fill' })
    .raw()
    .toBuffer();
  let bits = 0n;
  for (let row = 0; row < 8; row++) {
    for (let column = 0; column < 8; column++) {
      const left = grey[row * 9 + column] as number;
      const right = grey[row * 9 + column + 1] as number;
      bits = (bits << 1n) | (left > right ? 1n : 0n);
    }
  }
  return bits.toString(16).padStart(16, '0');
}

function checkPixelCount(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) {
    const megapixels = Math.round((width * height) / 1e6);
    throw new ImageRejectedError(
      `the image is too large: ${width} × ${height} pixels (${megapixels} megapixels, limit ${Math.round(maxPixels / 1e6)})`,
    );
  }
}

interface HeicImage {
  width: number;
  height: number;
  decode(): Promise<{ width: number; height: number; data: Uint8ClampedArray }>;
}
type HeicImages = HeicImage[] & { dispose(): void };
interface HeicDecoder {
  all(input: { buffer: Uint8Array }): Promise<HeicImages>;
}

let heicDecoder: HeicDecoder | undefined;

/** heic-decode is CommonJS without types, and its WASM is big: load it on the first HEIC only. */
function loadHeicDecoder(): HeicDecoder {
  heicDecoder ??= createRequire(import.meta.url)('heic-decode') as HeicDecoder;
  return heicDecoder;
}
