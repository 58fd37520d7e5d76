/**
 * The page design made from facts alone, with no model and no image read: the palette from the cover's
 * look (core/look.ts), sections by day and place, the album's own title and description. The same album
 * always gets the same page. It is what a page shows until a design is stored, and what the worker
 * stores when the model fails.
 */
import {
  type AlbumPageSpec,
  type HexColour,
  PAGE_LIMITS,
  type PageLayout,
  type PagePalette,
  type PageSection,
} from './album-page.ts';
import { LOOK_LAYOUT, lookLightness } from './look.ts';
import type { Place } from './model.ts';
import { blackOrWhite, mix, readableOn, rgbToHex } from './page-colours.ts';

/** What the offline design reads of a photo. */
export interface PagePhotoFacts {
  id: string;
  /** Wall clock, stored as if UTC (photo-date.ts). */
  takenAt: Date | null;
  place: Place | null;
  width: number | null;
  height: number | null;
  look: readonly number[] | null;
}

export interface OfflinePageInput {
  title: string;
  description: string;
  coverImageId: string | null;
  /** In the album's display order. */
  photos: readonly PagePhotoFacts[];
}

/** A calm page for a cover with no look (read before looks were kept). */
export const NEUTRAL_PALETTE: PagePalette = { background: '#f7f4ef', text: '#1f1f1f', accent: '#7a4420' };
const UNTITLED = 'Untitled album';
const UNDATED = 'More moments';
const HUE_BINS = 12;
/** A hue must cover this share of the cover to colour the accent; below it the cover counts as grey. */
const HUE_PRESENCE = 0.04;

/** The deterministic design of an album's page from its facts. */
export function offlineAlbumPage(input: OfflinePageInput): AlbumPageSpec {
  const cover = input.photos.find((photo) => photo.id === input.coverImageId) ?? input.photos[0];
  const leadImageIds = cover ? [cover.id] : [];
  const rest = input.photos.filter((photo) => photo !== cover);
  const sections = daySections(rest);
  return {
    layout: chooseLayout(input.photos, sections.length),
    palette: cover?.look ? paletteFromLook(cover.look) : NEUTRAL_PALETTE,
    headline: clip(input.title.trim() || UNTITLED, PAGE_LIMITS.headline),
    introduction: clip(input.description.trim() || describe(input.photos), PAGE_LIMITS.introduction),
    leadImageIds,
    sections,
  };
}

/**
 * Background, text and accent from a photo's look: the background is the picture's mean colour,
 * lightened (a light picture) or darkened (a dark one) to a quiet ground; the accent is its strongest
 * hue, or its most colourful region when it has no clear hue; both kept readable (AA).
 */
export function paletteFromLook(look: readonly number[]): PagePalette {
  const cells = gridColours(look);
  const mean = averageColour(cells);
  const light = lookLightness(look) >= 0.42;
  const background = light ? mix(mean, '#ffffff', 0.86) : mix(mean, '#000000', 0.78);
  const hue = dominantHue(look);
  const vivid = hue === null ? mostColourful(cells) : hslToHex(hue, 0.62, light ? 0.36 : 0.7);
  const accent = readableOn(vivid, background);
  const text = readableOn(light ? '#1f1f1f' : '#f4f4f4', background);
  return { background, text: text === background ? blackOrWhite(background) : text, accent };
}

/** The 16 cells of the look's layout grid back in RGB (it stores lightness, red–green, yellow–blue). */
function gridColours(look: readonly number[]): HexColour[] {
  const colours: HexColour[] = [];
  for (let index = 0; index < LOOK_LAYOUT; index += 3) {
    const lightness = look[index] ?? 0.5;
    const redGreen = ((look[index + 1] ?? 0.5) - 0.5) * 2; // r - g
    const yellowBlue = ((look[index + 2] ?? 0.5) - 0.5) * 2; // (r + g) / 2 - b
    const blue = lightness - (2 * yellowBlue) / 3;
    const redPlusGreen = 3 * lightness - blue;
    colours.push(rgbToHex([(redPlusGreen + redGreen) / 2, (redPlusGreen - redGreen) / 2, blue]));
  }
  return colours;
}

function averageColour(colours: readonly HexColour[]): HexColour {
  if (colours.length === 0) return '#808080';
  let current = colours[0] as HexColour;
  // A running mean by mixing: the n-th colour moves the mean 1/n of the way towards it.
  colours.forEach((colour, index) => {
    if (index > 0) current = mix(current, colour, 1 / (index + 1));
  });
  return current;
}

/** The centre of the strongest of the look's 12 hue bins, in degrees; null when the picture is grey. */
function dominantHue(look: readonly number[]): number | null {
  let best = -1;
  let share = 0;
  for (let bin = 0; bin < HUE_BINS; bin += 1) {
    const value = look[LOOK_LAYOUT + bin] ?? 0;
    if (value > share) {
      share = value;
      best = bin;
    }
  }
  return share >= HUE_PRESENCE ? (best + 0.5) * (360 / HUE_BINS) : null;
}

function mostColourful(colours: readonly HexColour[]): HexColour {
  const chroma = (colour: HexColour) => {
    const channels = [1, 3, 5].map((offset) => Number.parseInt(colour.slice(offset, offset + 2), 16));
    return Math.max(...channels) - Math.min(...channels);
  };
  return colours.reduce((best, colour) => (chroma(colour) > chroma(best) ? colour : best), '#5a5a5a');
}

function hslToHex(hue: number, saturation: number, lightness: number): HexColour {
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = chroma * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - chroma / 2;
  const sector = Math.floor(hue / 60) % 6;
  const [r, g, b] = (
    [
      [chroma, x, 0],
      [x, chroma, 0],
      [0, chroma, x],
      [0, x, chroma],
      [x, 0, chroma],
      [chroma, 0, x],
    ] as const
  )[sector] as readonly [number, number, number];
  return rgbToHex([r + m, g + m, b + m]);
}

interface Group {
  /** `YYYY-MM-DD` (UTC, the wall clock) or null for undated photos. */
  days: string[];
  cities: string[];
  photos: PagePhotoFacts[];
}

/**
 * Photos in time order (undated ones last, in album order), a section each time the day or the town
 * changes; more than PAGE_LIMITS.sections are merged, the smallest neighbours first.
 */
function daySections(photos: readonly PagePhotoFacts[]): PageSection[] {
  const ordered = photos
    .map((photo, index) => ({ photo, index }))
    .sort((a, b) => {
      const at = a.photo.takenAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const bt = b.photo.takenAt?.getTime() ?? Number.POSITIVE_INFINITY;
      return at === bt ? a.index - b.index : at - bt;
    })
    .map(({ photo }) => photo);
  const groups: Group[] = [];
  for (const photo of ordered) {
    const day = photo.takenAt?.toISOString().slice(0, 10) ?? '';
    const city = photo.place?.city ?? '';
    const last = groups.at(-1);
    if (last && last.days.at(-1) === day && last.cities.at(-1) === city) last.photos.push(photo);
    else groups.push({ days: [day], cities: [city], photos: [photo] });
  }
  while (groups.length > PAGE_LIMITS.sections) {
    let smallest = 0;
    for (let index = 1; index < groups.length - 1; index += 1) {
      const size = (at: number) => (groups[at]?.photos.length ?? 0) + (groups[at + 1]?.photos.length ?? 0);
      if (size(index) < size(smallest)) smallest = index;
    }
    const [first, second] = groups.splice(smallest, 2) as [Group, Group];
    groups.splice(smallest, 0, {
      days: [...first.days, ...second.days],
      cities: [...first.cities, ...second.cities],
      photos: [...first.photos, ...second.photos],
    });
  }
  const years = new Set(ordered.flatMap((photo) => (photo.takenAt ? [photo.takenAt.getUTCFullYear()] : [])));
  return groups.map((group) => ({
    title: clip(sectionTitle(group, years.size > 1), PAGE_LIMITS.sectionTitle),
    caption: clip(sectionCaption(group), PAGE_LIMITS.caption),
    imageIds: group.photos.map((photo) => photo.id),
  }));
}

function sectionTitle(group: Group, withYear: boolean): string {
  const days = [...new Set(group.days.filter((day) => day !== ''))];
  const cities = [...new Set(group.cities.filter((city) => city !== ''))];
  const first = days[0];
  const last = days.at(-1);
  const when =
    first === undefined
      ? ''
      : first === last
        ? formatDay(first, withYear)
        : `${formatDay(first, withYear)} – ${formatDay(last as string, withYear)}`;
  const where =
    cities.length === 1 ? (cities[0] as string) : cities.length > 1 ? cities.slice(0, 2).join(' & ') : '';
  return [when, where].filter((part) => part !== '').join(' · ') || UNDATED;
}

function sectionCaption(group: Group): string {
  const count = group.photos.length;
  const places = [...new Set(group.photos.flatMap((photo) => (photo.place ? [photo.place.country] : [])))];
  const photos = `${count} photo${count === 1 ? '' : 's'}`;
  return places.length === 1 ? `${photos} in ${places[0]}` : photos;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Saturday 3 May" (with the year when the album spans several); fixed English, not the server's locale. */
function formatDay(day: string, withYear: boolean): string {
  const date = new Date(`${day}T00:00:00Z`);
  const text = `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
  return withYear ? `${text} ${date.getUTCFullYear()}` : text;
}

/** One sentence from the album's dates and places, for an album with no description. */
function describe(photos: readonly PagePhotoFacts[]): string {
  const count = photos.length;
  if (count === 0) return '';
  const dates = photos
    .flatMap((photo) => (photo.takenAt ? [photo.takenAt] : []))
    .sort((a, b) => a.getTime() - b.getTime());
  const cityCounts = new Map<string, number>();
  for (const photo of photos) {
    if (photo.place) cityCounts.set(photo.place.city, (cityCounts.get(photo.place.city) ?? 0) + 1);
  }
  const cities = [...cityCounts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([city]) => city);
  const parts = [`${count} photo${count === 1 ? '' : 's'}`];
  const first = dates[0];
  const last = dates.at(-1);
  if (first && last) {
    const from = formatDate(first);
    const until = formatDate(last);
    parts.push(from === until ? `taken on ${from}` : `taken from ${from} to ${until}`);
  }
  if (cities.length > 0) parts.push(`in ${joinAnd(cities)}`);
  return `${parts.join(' ')}.`;
}

function formatDate(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * A few photos tell a story; mostly portrait pictures pack into a mosaic; a single run of wide
 * pictures reads as a filmstrip; a large album is a grid.
 */
function chooseLayout(photos: readonly PagePhotoFacts[], sections: number): PageLayout {
  const shaped = photos.filter((photo) => photo.width && photo.height);
  const portrait = shaped.filter((photo) => (photo.height ?? 0) > (photo.width ?? 0)).length;
  const wide = shaped.filter((photo) => (photo.width ?? 0) >= (photo.height ?? 0) * 1.3).length;
  if (photos.length <= 4) return 'story';
  if (shaped.length > 0 && portrait / shaped.length >= 0.6) return 'mosaic';
  if (photos.length >= 30) return 'grid';
  if (sections <= 1 && shaped.length > 0 && wide / shaped.length >= 0.6) return 'filmstrip';
  return 'story';
}

function clip(text: string, limit: number): string {
  const points = Array.from(text);
  return points.length <= limit
    ? text
    : `${points
        .slice(0, limit - 1)
        .join('')
        .trimEnd()}…`;
}
