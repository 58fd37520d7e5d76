/**
 * What a photo is about (a caption and a few tags) and how it was taken (the camera's settings and a
 * coarse location), as kept with the photo (issue 18). Shared by ingest (EXIF), organizing (caption
 * and tags, from the model or offline), search and the photo's info panel.
 */

/** A caption is one short sentence. */
export const CAPTION_MAX = 120;
/** At most this many tags per photo, each a word or two. */
export const TAGS_MAX = 5;
export const TAG_MAX = 32;

/** What a photo is about; `source` says who wrote it: the model, or the offline organizer. */
export interface PhotoDescription {
  caption: string | null;
  tags: string[];
  source: 'model' | 'offline';
}

/** The camera's settings, from EXIF; each null when the file does not say. */
export interface CameraSettings {
  make: string | null;
  model: string | null;
  lens: string | null;
  /** Shutter time in seconds (1/250 s is 0.004). */
  exposureSeconds: number | null;
  fNumber: number | null;
  iso: number | null;
  focalLengthMm: number | null;
}

/** What a file that says nothing about its camera has (and what photos read before issue 18 have). */
export const NO_CAMERA_SETTINGS: Readonly<CameraSettings> = Object.freeze({
  make: null,
  model: null,
  lens: null,
  exposureSeconds: null,
  fNumber: null,
  iso: null,
  focalLengthMm: null,
});

/** Where a photo was taken, never more precise than LOCATION_DECIMALS. */
export interface CoarseLocation {
  latitude: number;
  longitude: number;
}

/**
 * Three decimals of a degree: about 111 m of latitude (less of longitude away from the equator).
 * The exact fix never leaves the ingest worker; this is what is stored, searched and mapped.
 */
export const LOCATION_DECIMALS = 3;

/** The location kept for a GPS fix: rounded to LOCATION_DECIMALS; null when the fix is not a place on Earth. */
export function coarseLocation(latitude: number, longitude: number): CoarseLocation | null {
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  const scale = 10 ** LOCATION_DECIMALS;
  // + 0 turns -0 into 0, so a fix just west of Greenwich is not stored as "-0".
  return {
    latitude: Math.round(latitude * scale) / scale + 0,
    longitude: Math.round(longitude * scale) / scale + 0,
  };
}
