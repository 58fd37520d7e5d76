/**
 * What a photo's own metadata says, read with exifr (pure JavaScript: no image decoding, no sharp):
 * when it was taken, where (the exact GPS fix, which stays inside the function that reads it), with
 * what camera and settings. Every problem yields nulls, never a rejection.
 */
import exifr from 'exifr';
import { type CameraSettings, NO_CAMERA_SETTINGS } from '../../core/photo-details.ts';
import type { PhotoDetailsReader } from '../../core/ports.ts';

export interface PhotoExif {
  takenAt: Date | null;
  gps: { latitude: number; longitude: number } | null;
  camera: string | null;
  settings: CameraSettings;
}

/**
 * PhotoDetailsReader on exifr: the details of a photo read before they were kept, from its metadata
 * alone (one read of the picked tags; the date, which is not asked, costs no second read).
 */
export function createExifDetailsReader(): PhotoDetailsReader {
  return {
    async read(bytes) {
      const tags = await pickTags(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return tags ? detailsOf(tags) : { camera: null, settings: NO_CAMERA_SETTINGS, gps: null };
    },
  };
}

export async function readExif(buffer: Buffer): Promise<PhotoExif> {
  const tags = await pickTags(buffer);
  // No EXIF at all: an editor may still have kept the date in XMP or IPTC.
  if (!tags)
    return { takenAt: await readEditorDate(buffer), gps: null, camera: null, settings: NO_CAMERA_SETTINGS };
  return {
    takenAt:
      parseExifDate(tags.DateTimeOriginal) ??
      parseExifDate(tags.CreateDate) ??
      (await readEditorDate(buffer)) ??
      gpsTime(tags.GPSDateStamp, tags.GPSTimeStamp, tags.OffsetTimeOriginal ?? tags.OffsetTimeDigitized),
    ...detailsOf(tags),
  };
}

/** Where and with what it was taken, from the picked tags. */
function detailsOf(tags: Record<string, unknown>): Omit<PhotoExif, 'takenAt'> {
  return { gps: readGps(tags), camera: cameraName(tags.Make, tags.Model), settings: cameraSettings(tags) };
}

/** The handful of EXIF tags used, or undefined when the file has none or they cannot be read. */
async function pickTags(buffer: Buffer): Promise<Record<string, unknown> | undefined> {
  try {
    return await exifr.parse(buffer, {
      // Only the handful of tags we use: keeps huge maker notes, XMP and ICC blocks out of the way.
      pick: [
        'Make',
        'Model',
        'LensMake',
        'LensModel',
        'LensInfo',
        'ExposureTime',
        'FNumber',
        'ISO',
        'ISOSpeed',
        'RecommendedExposureIndex',
        'FocalLength',
        'DateTimeOriginal',
        'OffsetTimeOriginal',
        'CreateDate',
        'OffsetTimeDigitized',
        'GPSLatitude',
        'GPSLatitudeRef',
        'GPSLongitude',
        'GPSLongitudeRef',
        'GPSDateStamp',
        'GPSTimeStamp',
      ],
      // Raw strings: exifr would build dates in the server's time zone.
      reviveValues: false,
      translateValues: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      makerNote: false,
      userComment: false,
    });
  } catch {
    return undefined;
  }
}

/**
 * The date editors and agencies keep when a file has no EXIF capture time: XMP photoshop:DateCreated,
 * then xmp:CreateDate, then IPTC DateCreated (a day). A second, separate read: exifr's `pick` (which
 * keeps the first read small) does not reach into XMP.
 */
async function readEditorDate(buffer: Buffer): Promise<Date | null> {
  let segments: Record<string, Record<string, unknown> | undefined> | undefined;
  try {
    segments = await exifr.parse(buffer, {
      tiff: false,
      xmp: true,
      iptc: true,
      icc: false,
      jfif: false,
      ihdr: false,
      mergeOutput: false,
      reviveValues: false,
      translateValues: false,
    });
  } catch {
    return null;
  }
  return (
    parseExifDate(segments?.photoshop?.DateCreated) ??
    parseExifDate(segments?.xmp?.CreateDate) ??
    parseExifDate(segments?.iptc?.DateCreated)
  );
}

/**
 * EXIF dates are wall-clock times; the app keeps them so, as if UTC, and formats them in UTC, so the
 * day and hour people see are the ones their camera showed, whatever zone the server or the viewer is
 * in (see core/photo-date.ts). An OffsetTime tag does not move them: it only turns the GPS clock,
 * which is UTC, into the same wall clock. Accepts EXIF's "2026:05:02 10:30:00", XMP's ISO
 * "2026-05-02T10:30:00+02:00" (its zone ignored alike) and IPTC's day alone, "20260502" (noon).
 */
export function parseExifDate(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const dayOnly = /^(\d{4})-?(\d{2})-?(\d{2})$/.exec(text);
  const match = dayOnly
    ? [text, dayOnly[1], dayOnly[2], dayOnly[3], '12', '00', '00']
    : /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const time = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  if (new Date(time).getUTCDate() !== day) return null; // 31 February and friends.
  return new Date(time);
}

/** The GPS clock (UTC: GPSDateStamp "2026:05:02", GPSTimeStamp [10, 30, 0]) as the camera's wall clock. */
export function gpsTime(dateStamp: unknown, timeStamp: unknown, offset: unknown): Date | null {
  if (typeof dateStamp !== 'string' || !Array.isArray(timeStamp) || timeStamp.length !== 3) return null;
  const [hour, minute, second] = timeStamp as unknown[];
  if (![hour, minute, second].every((part) => typeof part === 'number' && Number.isFinite(part))) return null;
  const clock = [hour, minute, Math.floor(second as number)].map((part) => String(part).padStart(2, '0'));
  const utc = parseExifDate(`${dateStamp.trim()} ${clock.join(':')}`);
  if (!utc) return null;
  const zone = typeof offset === 'string' ? /^([+-])(\d{2}):(\d{2})$/.exec(offset.trim()) : null;
  const minutes = zone ? (zone[1] === '-' ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) : 0;
  return Math.abs(minutes) <= 14 * 60 ? new Date(utc.getTime() + minutes * 60_000) : utc;
}

function readGps(tags: Record<string, unknown>): PhotoExif['gps'] {
  const latitude = toDegrees(tags.GPSLatitude, tags.GPSLatitudeRef, 'S');
  const longitude = toDegrees(tags.GPSLongitude, tags.GPSLongitudeRef, 'W');
  if (latitude === null || longitude === null) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  // 0,0 is what a camera writes when it had no fix, not a photo taken in the Gulf of Guinea.
  if (latitude === 0 && longitude === 0) return null;
  return { latitude, longitude };
}

function toDegrees(value: unknown, ref: unknown, negativeRef: string): number | null {
  const parts = typeof value === 'number' ? [value] : Array.isArray(value) ? value : null;
  if (!parts || parts.length === 0 || parts.length > 3) return null;
  if (!parts.every((part) => typeof part === 'number' && Number.isFinite(part) && part >= 0)) return null;
  const [degrees = 0, minutes = 0, seconds = 0] = parts as number[];
  const absolute = degrees + minutes / 60 + seconds / 3600;
  const negative = typeof ref === 'string' && ref.trim().toUpperCase() === negativeRef;
  return negative ? -absolute : absolute;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: EXIF strings come NUL-padded.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** An EXIF string on one line, at most `max` characters; '' when it is not text or says nothing. */
function cleanText(value: unknown, max = 60): string {
  if (typeof value !== 'string') return '';
  const text = value.replace(CONTROL_CHARACTERS, ' ').replace(/\s+/g, ' ').trim().slice(0, max).trim();
  // "----", "  " and the like: cameras fill fields they have nothing for.
  return /[\p{L}\p{N}]/u.test(text) ? text : '';
}

/** Whether `text` starts with the brand `make` names ("NIKON CORPORATION" → "nikon"). */
function namesBrand(text: string, make: string): boolean {
  const brand = make.split(' ')[0]?.toLowerCase() ?? '';
  return brand !== '' && text.toLowerCase().startsWith(brand);
}

/** "Make Model" without the make twice ("Apple iPhone 15", "NIKON D750"), or null. */
export function cameraName(make: unknown, model: unknown): string | null {
  const makeText = cleanText(make);
  const modelText = cleanText(model);
  if (!makeText) return modelText || null;
  if (!modelText) return makeText;
  // "NIKON CORPORATION" + "NIKON D750": the model already names the brand.
  if (namesBrand(modelText, makeText)) return modelText;
  return `${makeText} ${modelText}`;
}

/**
 * The camera's settings from the picked EXIF tags (exifr's names, values revived from rationals).
 * Anything odd — text where a number belongs, zero, negative, NaN, absurd — is null, never an error:
 * the database only takes positive numbers, and a REAL column cannot hold 1e-300 or 1e300.
 */
export function cameraSettings(tags: Record<string, unknown>): CameraSettings {
  const make = cleanText(tags.Make) || null;
  const model = cleanText(tags.Model) || null;
  // ISO is a SHORT: above 65535 cameras write 65535 there and the real figure in ISOSpeed or
  // RecommendedExposureIndex (EXIF 2.3).
  const iso = positiveNumber(tags.ISO, 1, 10_000_000);
  const highIso =
    positiveNumber(tags.ISOSpeed, 1, 10_000_000) ??
    positiveNumber(tags.RecommendedExposureIndex, 1, 10_000_000);
  const chosenIso = iso === 65535 && highIso !== null ? highIso : (iso ?? highIso);
  return {
    make,
    model: model && make ? modelWithoutBrand(model, make) : model,
    lens: lensName(tags, make),
    // Up to a day: star trails and pinhole exposures run for hours.
    exposureSeconds: positiveNumber(tags.ExposureTime, 1e-9, 86_400),
    fNumber: roundTo(positiveNumber(tags.FNumber, 0.1, 1000), 2),
    iso: chosenIso === null ? null : Math.round(chosenIso),
    focalLengthMm: roundTo(positiveNumber(tags.FocalLength, 0.1, 100_000), 2),
  };
}

/**
 * The model as search filters list it under its make, without the brand again, as cameraName()
 * reads it: "Canon" + "Canon EOS R5" → "EOS R5", "NIKON CORPORATION" + "NIKON D750" → "D750";
 * null when the model only repeats the make.
 */
function modelWithoutBrand(model: string, make: string): string | null {
  const lower = model.toLowerCase();
  const brand = make.split(' ')[0]?.toLowerCase() ?? '';
  if (lower === make.toLowerCase() || lower === brand) return null;
  // A whole word only: "Canonet QL17" is a Canon's model, not "et QL17".
  return lower.startsWith(`${brand} `) ? model.slice(brand.length).trim() : model;
}

/**
 * LensModel ("XF23mmF2 R WR"), with a third-party maker in front when the model does not name it
 * ("SIGMA 24-70mm F2.8 DG DN | Art" on a Sony); else the range LensInfo gives ("24–70 mm f/2.8").
 */
function lensName(tags: Record<string, unknown>, cameraMake: string | null): string | null {
  const model = cleanText(tags.LensModel, 80);
  const make = cleanText(tags.LensMake);
  if (model) {
    const sameMaker = cameraMake !== null && namesBrand(cameraMake, make);
    return make && !sameMaker && !namesBrand(model, make) ? `${make} ${model}`.slice(0, 80) : model;
  }
  return lensRange(tags.LensInfo);
}

/** LensInfo is [shortest focal length, longest, widest aperture there, widest at the long end]; 0 = unknown. */
function lensRange(info: unknown): string | null {
  if (!Array.isArray(info) || info.length !== 4) return null;
  const [shortest, longest, wideOpen, wideOpenLong] = info.map((value) =>
    roundTo(positiveNumber(value, 0.1, 100_000), 1),
  );
  if (!shortest) return null;
  const focal = longest && longest !== shortest ? `${shortest}–${longest} mm` : `${shortest} mm`;
  if (!wideOpen) return focal;
  const aperture =
    wideOpenLong && wideOpenLong !== wideOpen ? `f/${wideOpen}–${wideOpenLong}` : `f/${wideOpen}`;
  return `${focal} ${aperture}`;
}

/** A finite number in [min, max] (of an array, the first: some cameras write ISO as [100, 0]); else null. */
function positiveNumber(value: unknown, min: number, max: number): number | null {
  const number = Array.isArray(value) ? value[0] : value;
  if (typeof number !== 'number' || !Number.isFinite(number)) return null;
  return number >= min && number <= max ? number : null;
}

function roundTo(value: number | null, decimals: number): number | null {
  if (value === null) return null;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
