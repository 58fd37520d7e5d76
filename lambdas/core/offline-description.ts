/**
 * What a photo is about when no model describes it (no key, or the model failed): there is no object
 * classifier behind this, so the caption and tags say only what ingest really knows — the place, the
 * date, that it is a screenshot or looks like a document. They stand in for object labels; they never
 * guess what is in the picture. Nothing from faces goes in (not "people", not a name): a description is
 * stored with the photo and searched, and would outlive what the owner decides about faces — turning
 * people recognition off deletes every face-derived thing, hiding or renaming a person changes what
 * search shows. A person's photos are found by the person filter, which reads faces at query time.
 */
import { looksLikeDocument } from './look.ts';
import type { Photo, Place } from './model.ts';
import type { DateSource } from './photo-date.ts';
import { cleanLine, cleanTags } from './photo-descriptions.ts';
import { CAPTION_MAX, type PhotoDescription, TAGS_MAX } from './photo-details.ts';
import { isScreenshotName } from './screenshot.ts';

/** What the offline describer reads of a photo (a PlannerPhoto has it all, but the names). */
export interface DescribableFacts {
  takenAt: Date | null;
  /** A date from the file's own time says when it was saved, not taken: it is left out. */
  dateSource?: DateSource | null;
  place: Place | null;
  screenshot?: boolean;
  look?: readonly number[] | null;
}

/** What a stored photo says about itself, as the offline description reads it. */
export function describableFacts(photo: Photo): DescribableFacts {
  return {
    takenAt: photo.takenAt,
    dateSource: photo.takenAtSource,
    place: photo.place,
    screenshot: isScreenshotName(photo.originalFilename),
    look: photo.look,
  };
}

// Photo dates are wall clock kept as if UTC (core/photo-date.ts): formatting in UTC shows that clock.
const weekdayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });
const SEASONS_NORTH = [
  'winter',
  'winter',
  'spring',
  'spring',
  'spring',
  'summer',
  'summer',
  'summer',
  'autumn',
  'autumn',
  'autumn',
  'winter',
];
const OPPOSITE: Record<string, string> = {
  winter: 'summer',
  spring: 'autumn',
  summer: 'winter',
  autumn: 'spring',
};
/**
 * Countries wholly in the southern temperate zone (as the place resolver names them), where May is
 * autumn. Elsewhere the northern seasons are used; near the equator a season word means little, and
 * it is the last tag kept when there are more than five.
 */
const SOUTHERN = new Set([
  'Argentina',
  'Australia',
  'Chile',
  'Eswatini',
  'Falkland Islands',
  'Lesotho',
  'New Zealand',
  'South Africa',
  'Uruguay',
]);

/** "Saturday 2 May 2026": the day a photo was taken, in its own wall clock. */
export function formatPhotoDay(date: Date): string {
  return `${weekdayFormat.format(date)} ${dayFormat.format(date)}`;
}

/**
 * The offline description of a photo: a caption such as "Lisbon, Portugal · Saturday 2 May 2026"
 * (a screenshot or a document says so first), and up to TAGS_MAX tags, most specific first: what it
 * is (screenshot, document), the town, the country, the month and the season. Null caption when
 * nothing at all is known.
 */
export function describeOffline(photo: DescribableFacts): PhotoDescription {
  const kind = photo.screenshot ? 'screenshot' : looksLikeDocument(photo.look) ? 'document' : null;
  const day = knownDay(photo);
  const place = photo.place
    ? [photo.place.city, photo.place.country].filter((part) => part.trim() !== '').join(', ')
    : '';
  const parts = [kind === null ? '' : capitalized(kind), place, day ? formatPhotoDay(day) : ''].filter(
    (part) => part !== '',
  );
  const caption = cleanLine(parts.join(' · '), CAPTION_MAX);

  const season = day && photo.place ? seasonOf(day, photo.place.country) : null;
  const tags = cleanTags([
    kind,
    photo.place?.city,
    photo.place?.country,
    day ? monthFormat.format(day) : null,
    season,
  ]).slice(0, TAGS_MAX);
  return { caption: caption === '' ? null : caption, tags, source: 'offline' };
}

/** The photo's date when it says when it was taken (EXIF or the file name), else null. */
function knownDay(photo: DescribableFacts): Date | null {
  const date = photo.takenAt;
  if (!date || Number.isNaN(date.getTime()) || photo.dateSource === 'file-time') return null;
  return date;
}

function seasonOf(date: Date, country: string): string {
  const north = SEASONS_NORTH[date.getUTCMonth()] as string;
  return SOUTHERN.has(country) ? (OPPOSITE[north] as string) : north;
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
