/**
 * When a photo was taken, from the best source it carries, and which source that was. Times are wall
 * clock (what the camera or phone showed), stored as if UTC, like EXIF times: the app formats them in
 * UTC, so people see the day and hour their device showed, whatever zone the server runs in.
 *
 * The sources, best first:
 * - `exif`: the camera's capture time (read by the image analyzer: DateTimeOriginal, then the other
 *   EXIF/XMP dates, then the GPS time).
 * - `file-name`: the date cameras and apps write into file names (IMG_20200827_231612,
 *   IMG-20191006-WA0002, Screenshot_2024-01-01-10-10-10, WhatsApp Image 2024-01-01 at 10.10.10, ...).
 * - `file-time`: the file's last-modified time, as the uploading browser reported it. It is often
 *   when the file was copied, not taken, so it comes last.
 */
export type DateSource = 'exif' | 'file-name' | 'file-time';

export const DATE_SOURCES: readonly DateSource[] = ['exif', 'file-name', 'file-time'];

export interface PhotoDate {
  takenAt: Date;
  source: DateSource;
}

/** Years a photo's date may fall in: earlier or later is a counter or a typo, not a date. */
const FIRST_YEAR = 1990;
const LAST_YEAR = 2100;
/** A date with no time of day (IMG-20191006-WA0002) is placed at noon, well inside its day. */
const NOON = 12;

/**
 * A photo's date source as shown: photos read before sources were recorded (2026-12-02) had dates
 * from EXIF only, so a date without a recorded source came from the camera.
 */
export function shownDateSource(takenAt: Date | null, source: DateSource | null): DateSource | null {
  return takenAt ? (source ?? 'exif') : null;
}

/** The best of a photo's dates, or null when it carries none. */
export function choosePhotoDate(candidates: {
  exif: Date | null;
  fileName: string;
  fileModifiedAt: Date | null;
}): PhotoDate | null {
  if (candidates.exif) return { takenAt: candidates.exif, source: 'exif' };
  const named = dateFromFileName(candidates.fileName);
  if (named) return { takenAt: named, source: 'file-name' };
  if (candidates.fileModifiedAt) return { takenAt: candidates.fileModifiedAt, source: 'file-time' };
  return null;
}

// A year (1990–2100) not glued to a longer number, a month and a day, with optional separators; then,
// optionally, a time of day after a separator, " at " or "_", with optional separators and AM/PM.
// A day not followed by more digits (20110512999 is a number, not a date) unless a time follows it.
const DATE_IN_NAME =
  /(?<!\d)(19[89]\d|20\d\d|2100)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?:(?:[ _T-]|\s+at\s+)([01]\d|2[0-3])[-_.:h]?([0-5]\d)[-_.:m]?([0-5]\d)(?:\s*([AaPp][Mm]))?|(?!\d))/;
/**
 * Facebook and some apps name a file after the Unix time in milliseconds (FB_IMG_1577836800000): an
 * instant, kept as UTC wall clock, so it can be off by the device's UTC offset.
 */
const MILLISECONDS_IN_NAME = /(?:^|[^\d])(1\d{12})(?!\d)/;

/** The date a camera or an app wrote into the file name, as wall clock; null when there is none. */
export function dateFromFileName(name: string): Date | null {
  const base = name.replace(/^.*[\\/]/, '');
  const match = DATE_IN_NAME.exec(base);
  if (match) {
    const [, year, , month, day, hour, minute, second, meridiem] = match;
    let hours = hour === undefined ? NOON : Number(hour);
    if (meridiem && hours <= 12) {
      const pm = meridiem.toLowerCase() === 'pm';
      if (pm && hours < 12) hours += 12;
      if (!pm && hours === 12) hours = 0;
    }
    return wallClock(
      Number(year),
      Number(month),
      Number(day),
      hours,
      Number(minute ?? 0),
      Number(second ?? 0),
    );
  }
  const milliseconds = /^FB_IMG_|^received_|^IMG_\d{13}/i.test(base) ? MILLISECONDS_IN_NAME.exec(base) : null;
  if (milliseconds) {
    const time = Number(milliseconds[1]);
    const year = new Date(time).getUTCFullYear();
    if (year >= FIRST_YEAR && year <= LAST_YEAR) return new Date(time);
  }
  return null;
}

/** A file's last-modified time as its device's wall clock, when it is a plausible photo date. */
export function fileModifiedWallClock(
  lastModified: number | undefined,
  utcOffsetMinutes: number | undefined,
  now: Date,
): Date | null {
  if (lastModified === undefined || !Number.isFinite(lastModified)) return null;
  const time = lastModified + (utcOffsetMinutes ?? 0) * 60_000;
  const year = new Date(time).getUTCFullYear();
  // A file from the future is a wrong clock; a day of slack covers every time zone.
  if (year < FIRST_YEAR || time > now.getTime() + 24 * 3_600_000) return null;
  return new Date(time);
}

function wallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): Date | null {
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  // 31 February and friends.
  if (new Date(time).getUTCDate() !== day) return null;
  return new Date(time);
}
