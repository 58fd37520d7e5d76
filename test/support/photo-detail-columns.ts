/** The images columns ingest (and the details catch-up) write from a photo's EXIF, for tests to read back. */
export const DETAIL_COLUMNS = [
  'camera',
  'camera_make',
  'camera_model',
  'lens',
  'exposure_seconds',
  'f_number',
  'iso',
  'focal_length_mm',
  'latitude',
  'longitude',
] as const;
