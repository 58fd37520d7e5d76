/**
 * An AlbumPlanner that needs no network and no model: it groups photos by what they carry, their
 * capture time and coarse place, the way a person sorting a camera roll would.
 *
 * 1. Dated photos are sorted by time and cut into events wherever two consecutive photos are more
 *    than 8 hours apart or were taken in different towns.
 * 2. Consecutive events in the same town on the same or the next day join into one trip, so a
 *    three-day stay in Porto is one album rather than one per day.
 * 3. A photo that is an event on its own joins the event next to it when they are a day apart at
 *    most; the lone photos left join the others of the same month, else of the same year, in a
 *    period album ("May 2026", "March – May 2026"). A photo stands alone only when nothing
 *    else fits.
 * 4. What photos show (content-groups.ts): a lone photo showing someone, or looking nearly the same
 *    as a photo, of an event within a week joins that event before any period album.
 * 5. Undated photos: one showing someone seen in exactly one album joins it; undated photos showing
 *    the same people make "People"; the rest go to an album per town when two or more share it, and
 *    those left are split into sets that look alike ("Documents and notes" when they are pages) and
 *    "Undated photos". At most five "People" albums and five look-alike sets, the largest: the rest
 *    stay undated, so the dated albums keep their share of the album limit.
 * 6. Albums the person already has: a new album that continues one of them, or would carry its very
 *    title, joins it instead (join-existing.ts).
 *
 * Titles and descriptions print the photos' own dates (the 05:00 day boundary only groups a night
 * out with its evening) and no photo counts, which edits would make stale.
 * Its answer has the same shape as the model's ({ albums: [{ title, description, photoIds }] }) and
 * goes through the same validation. It is deterministic: no clock, no randomness, and every date is
 * formatted in 'en-GB' and UTC (EXIF wall-clock times are stored as UTC; see the image analyzer).
 */
import {
  ALBUM_DESCRIPTION_MAX,
  ALBUM_TITLE_MAX,
  cleanText,
  MAX_ALBUMS_PER_JOB,
} from '../../core/album-plan.ts';
import type { Place } from '../../core/model.ts';
import type { AlbumPlanner, ExistingAlbum, PlannerAnswer, PlannerPhoto } from '../../core/ports.ts';
import {
  alike,
  type ContentOf,
  linkedGroups,
  lookAlike,
  looksLikeDocument,
  sharePerson,
} from './content-groups.ts';
import { joinExistingAlbums } from './join-existing.ts';

export interface OfflineAlbum {
  title: string;
  description: string;
  photoIds: string[];
}

interface DatedPhoto extends ContentOf {
  ref: string;
  time: number;
  /** The photo's day (days since the epoch); a day runs from 05:00 to 05:00, so 1 am is still "last night". */
  day: number;
  place: Place | null;
  /** The date is the file's time: when it was saved, not taken. */
  saved: boolean;
}

interface UndatedGroup {
  place: Place | null;
  refs: string[];
  /** What ties the photos together besides having no date. */
  kind?: 'people' | 'documents' | 'alike';
}

type UndatedPhoto = PlannerPhoto & ContentOf;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Longer than a night's sleep between photos means a new event. */
const EVENT_GAP_MS = 8 * HOUR_MS;
const DAY_STARTS_AT_HOUR = 5;
/** Undated photos with a place get their own album per town, up to this many towns. */
const MAX_UNDATED_PLACE_ALBUMS = 10;
const UNDATED_TITLE = 'Undated photos';
/** At most this many "People" albums, and this many look-alike sets, per job. */
const MAX_UNDATED_CONTENT_ALBUMS = 5;
/** Fewer undated photos than this stay one album, however they look (pages apart). */
const MIN_UNDATED_TO_SPLIT = 8;
const SCREENSHOTS_TITLE = 'Screenshots';
/** A lone photo joins a neighbouring event at most this far from it. */
const JOIN_NEIGHBOUR_MS = DAY_MS;
/** A lone photo joins an event that shows the same person or looks alike at most this far from it. */
const JOIN_ALIKE_MS = 7 * DAY_MS;
const NUMBER_WORDS = ['', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine', 'Ten'];

const weekdayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone: 'UTC' });
const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

/** Creates the offline planner. */
export function createOfflineAlbumPlanner(): AlbumPlanner {
  return {
    async plan(photos: PlannerPhoto[], existing: readonly ExistingAlbum[] = []): Promise<PlannerAnswer> {
      return {
        organizer: 'offline',
        raw: { albums: joinExistingAlbums(planOfflineAlbums(photos), photos, existing) },
      };
    },
  };
}

/** Groups photos into albums by time and place; every photo lands in exactly one album. */
export function planOfflineAlbums(all: readonly PlannerPhoto[]): OfflineAlbum[] {
  // Screen captures are kept apart from the photos, as photo apps do, when there are two or more.
  const captures = all.filter((photo) => photo.screenshot);
  const photos = captures.length > 1 ? all.filter((photo) => !photo.screenshot) : all;
  const screenshots =
    captures.length > 1
      ? [
          album(
            SCREENSHOTS_TITLE,
            'Screen captures, kept apart from the photos.',
            captures.map((photo) => photo.ref),
          ),
        ]
      : [];
  const dated: DatedPhoto[] = [];
  const undated: UndatedPhoto[] = [];
  for (const photo of photos) {
    const content = { people: photo.people ?? [], look: photo.look ?? null };
    const time = photo.takenAt?.getTime();
    if (time === undefined || !Number.isFinite(time)) undated.push({ ...photo, ...content });
    else
      dated.push({
        ref: photo.ref,
        time,
        day: dayOf(time),
        place: photo.place,
        saved: photo.dateSource === 'file-time',
        ...content,
      });
  }
  // Array.prototype.sort is stable: photos taken in the same second keep the caller's order.
  dated.sort((a, b) => a.time - b.time);

  const periods = new WeakSet<DatedPhoto[]>();
  const events = absorbLonePhotos(mergeTrips(splitIntoEvents(dated)), periods);
  const { joined, rest } = joinByPeople(undated, events);
  const undatedGroups = groupUndated(rest);
  const budget = Math.max(1, MAX_ALBUMS_PER_JOB - undatedGroups.length - screenshots.length);
  const trips = capGroups(events, budget);

  const albums = [
    ...trips.map((trip) => {
      const described = periods.has(trip) ? describePeriod(trip) : describeDated(trip);
      const extra = trip.flatMap((photo) => joined.get(photo) ?? []);
      return extra.length > 0 ? { ...described, photoIds: [...described.photoIds, ...extra] } : described;
    }),
    ...screenshots,
    ...undatedGroups.map(describeUndated),
  ];
  return disambiguateTitles(albums, trips);
}

/**
 * An undated photo showing someone who appears in exactly one album joins that album (a photo of the
 * party received without its date). Returns the joined refs keyed by a photo of their album (albums
 * may still merge), and the photos that stay undated.
 */
function joinByPeople(
  undated: readonly UndatedPhoto[],
  events: readonly DatedPhoto[][],
): { joined: Map<DatedPhoto, string[]>; rest: UndatedPhoto[] } {
  const joined = new Map<DatedPhoto, string[]>();
  const rest: UndatedPhoto[] = [];
  for (const photo of undated) {
    const albums = events.filter((event) => event.some((other) => sharePerson(photo, other)));
    const target = albums.length === 1 ? albums[0] : undefined;
    if (target) joined.set(first(target), [...(joined.get(first(target)) ?? []), photo.ref]);
    else rest.push(photo);
  }
  return { joined, rest };
}

/**
 * No one-photo albums where a group exists: a lone photo joins the nearer neighbouring event within
 * a day of it; the lone photos left are gathered per month, then per year, into period albums.
 */
function absorbLonePhotos(trips: readonly DatedPhoto[][], periods: WeakSet<DatedPhoto[]>): DatedPhoto[][] {
  // Decided against the events as they were, so lone photos never chain onto one another.
  const copies = new Map(trips.filter((trip) => trip.length > 1).map((trip) => [trip, [...trip]]));
  const events = [...copies.values()];
  const groups = [...copies.keys()];
  const lone: DatedPhoto[] = [];
  trips.forEach((trip, index) => {
    if (trip.length !== 1) return;
    const photo = first(trip);
    const before = trips[index - 1];
    const after = trips[index + 1];
    const gapBefore = before && before.length > 1 ? photo.time - last(before).time : Infinity;
    const gapAfter = after && after.length > 1 ? first(after).time - photo.time : Infinity;
    const target = gapBefore <= gapAfter ? before : after;
    const alikeTarget = nearestAlike(photo, groups);
    if (Math.min(gapBefore, gapAfter) <= JOIN_NEIGHBOUR_MS && target) copies.get(target)?.push(photo);
    else if (alikeTarget) copies.get(alikeTarget)?.push(photo);
    else lone.push(photo);
  });
  for (const event of events) event.sort((a, b) => a.time - b.time);
  const byMonth = gatherBy(lone, monthKey);
  const stillLone = byMonth.filter((group) => group.length === 1).map((group) => first(group));
  const gathered = [...byMonth.filter((group) => group.length > 1), ...gatherBy(stillLone, yearKey)];
  // A photo alone in its year stays an album of its own, described as the moment it is.
  for (const group of gathered) if (group.length > 1) periods.add(group);
  // In time order, as every other album.
  return [...events, ...gathered].sort((a, b) => first(a).time - first(b).time);
}

/** The event nearest in time, within a week, with a photo that shows the same person or looks alike. */
function nearestAlike(photo: DatedPhoto, events: readonly DatedPhoto[][]): DatedPhoto[] | undefined {
  let nearest: DatedPhoto[] | undefined;
  let nearestGap = JOIN_ALIKE_MS;
  for (const event of events) {
    const gap = Math.max(first(event).time - photo.time, photo.time - last(event).time, 0);
    if (gap <= nearestGap && event.some((other) => alike(photo, other))) {
      nearest = event;
      nearestGap = gap;
    }
  }
  return nearest;
}

/** Photos grouped by `key`, each group in time order, groups in order of their first photo. */
function gatherBy(photos: readonly DatedPhoto[], key: (photo: DatedPhoto) => string): DatedPhoto[][] {
  const groups = new Map<string, DatedPhoto[]>();
  for (const photo of photos) {
    const group = groups.get(key(photo));
    if (group) group.push(photo);
    else groups.set(key(photo), [photo]);
  }
  return [...groups.values()];
}

function monthKey(photo: DatedPhoto): string {
  return new Date(photo.time).toISOString().slice(0, 7);
}

function yearKey(photo: DatedPhoto): string {
  return new Date(photo.time).toISOString().slice(0, 4);
}

function splitIntoEvents(photos: readonly DatedPhoto[]): DatedPhoto[][] {
  const events: DatedPhoto[][] = [];
  let current: DatedPhoto[] = [];
  let currentPlace: string | null = null;
  for (const photo of photos) {
    const previous = current.at(-1);
    const place = placeKey(photo.place);
    const moved = place !== null && currentPlace !== null && place !== currentPlace;
    if (previous && (photo.time - previous.time > EVENT_GAP_MS || moved)) {
      events.push(current);
      current = [];
      currentPlace = null;
    }
    current.push(photo);
    // A photo without a place belongs to the event around it and does not end it.
    if (place !== null) currentPlace = place;
  }
  if (current.length > 0) events.push(current);
  return events;
}

function mergeTrips(events: readonly DatedPhoto[][]): DatedPhoto[][] {
  const trips: DatedPhoto[][] = [];
  for (const event of events) {
    const trip = trips.at(-1);
    const place = onlyPlace(event);
    const nextDay = trip !== undefined && first(event).day <= last(trip).day + 1;
    const sameTown = trip !== undefined && place !== null && placeKey(onlyPlace(trip)) === placeKey(place);
    // Photos with no place at all (a phone without a fix, a saved image) during a stay in one town
    // belong to the stay: they do not cut it in two.
    const placeless =
      event.every((photo) => photo.place === null) && trip !== undefined && onlyPlace(trip) !== null;
    if (trip && nextDay && (sameTown || placeless)) trip.push(...event);
    else trips.push([...event]);
  }
  return trips;
}

/** Joins the two closest neighbours until the albums fit the per-job limit. */
function capGroups(groups: DatedPhoto[][], budget: number): DatedPhoto[][] {
  const capped = [...groups];
  while (capped.length > budget) {
    let closest = 0;
    let smallestGap = Number.POSITIVE_INFINITY;
    for (let index = 0; index + 1 < capped.length; index++) {
      // From the end of one to the start of the next (a period album may span the events inside it).
      const gap = startOf(capped[index + 1] as DatedPhoto[]) - endOf(capped[index] as DatedPhoto[]);
      if (gap < smallestGap) {
        smallestGap = gap;
        closest = index;
      }
    }
    const merged = [...(capped[closest] as DatedPhoto[]), ...(capped[closest + 1] as DatedPhoto[])].sort(
      (a, b) => a.time - b.time,
    );
    capped.splice(closest, 2, merged);
    // Keep the albums in time order for the next round.
    capped.sort((a, b) => first(a).time - first(b).time);
  }
  return capped;
}

function groupUndated(all: readonly UndatedPhoto[]): UndatedGroup[] {
  // The same people, directly or through a photo of both: one album (the largest few; the others
  // stay with the undated photos, so that the dated albums keep their share of the album limit).
  const peopleGroups = largest(
    linkedGroups(all, sharePerson).filter((group) => group.length > 1),
    MAX_UNDATED_CONTENT_ALBUMS,
  );
  const inPeople = new Set(peopleGroups.flat());
  const photos = all.filter((photo) => !inPeople.has(photo));
  const byPlace = new Map<string, UndatedGroup>();
  const placeless: UndatedGroup = { place: null, refs: [] };
  for (const photo of photos) {
    const key = placeKey(photo.place);
    if (key === null) {
      placeless.refs.push(photo.ref);
      continue;
    }
    let group = byPlace.get(key);
    if (!group) {
      group = { place: photo.place, refs: [] };
      byPlace.set(key, group);
    }
    group.refs.push(photo.ref);
  }
  // A town with one undated photo, or past a handful of towns: they share the plain undated album.
  const byPlaceGroups = [...byPlace.values()].filter((group) => group.refs.length > 1);
  const kept = byPlaceGroups.slice(0, MAX_UNDATED_PLACE_ALBUMS);
  const folded = [
    ...byPlaceGroups.slice(MAX_UNDATED_PLACE_ALBUMS),
    ...[...byPlace.values()].filter((group) => group.refs.length === 1),
  ].flatMap((group) => group.refs);
  if (folded.length > 0) {
    const order = new Map(photos.map((photo, index) => [photo.ref, index]));
    placeless.refs = [...placeless.refs, ...folded].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  }
  const people = peopleGroups.map(
    (group): UndatedGroup => ({
      place: null,
      refs: group.map((photo) => photo.ref),
      kind: 'people',
    }),
  );
  return [...people, ...kept, ...splitByLook(placeless, all)];
}

/**
 * Photos that look nearly the same (linked through each other) get their own album when most are
 * pages; other look-alike sets only when the pile is big enough to be worth splitting — a handful of
 * undated pictures is one album to a person, not three.
 */
function splitByLook(placeless: UndatedGroup, all: readonly UndatedPhoto[]): UndatedGroup[] {
  if (placeless.refs.length === 0) return [];
  const byRef = new Map(all.map((photo) => [photo.ref, photo]));
  const photos = placeless.refs.map((ref) => byRef.get(ref)).filter((photo) => photo !== undefined);
  const sets = linkedGroups(photos, lookAlike).filter((set) => set.length > 1);
  const split = largest(
    sets.flatMap((set): UndatedGroup[] => {
      const pages = set.filter((photo) => looksLikeDocument(photo.look)).length;
      const kind = pages * 2 > set.length ? 'documents' : 'alike';
      return kind === 'documents' || photos.length >= MIN_UNDATED_TO_SPLIT
        ? [{ place: null, refs: set.map((photo) => photo.ref), kind }]
        : [];
    }),
    MAX_UNDATED_CONTENT_ALBUMS,
    (group) => group.refs.length,
  );
  const taken = new Set(split.flatMap((group) => group.refs));
  const rest = placeless.refs.filter((ref) => !taken.has(ref));
  return [...split, ...(rest.length > 0 ? [{ place: null, refs: rest }] : [])];
}

/** The `count` largest groups (ties: the earlier first), in their original order. */
function largest<T>(
  groups: readonly T[],
  count: number,
  size: (group: T) => number = (group) => (group as unknown[]).length,
): T[] {
  const kept = new Set(
    groups
      .map((group, index) => ({ group, index }))
      .sort((a, b) => size(b.group) - size(a.group) || a.index - b.index)
      .slice(0, count)
      .map((entry) => entry.group),
  );
  return groups.filter((group) => kept.has(group));
}

function describeDated(photos: DatedPhoto[]): OfflineAlbum {
  if (photos.every((photo) => photo.saved)) return describeSaved(photos);
  // One day if it is one by either count: a night out ends at 05:00, and photos at 04:30 and 05:30
  // are one calendar day. The dates printed are the photos' own calendar dates.
  const firstDate = calendarDay(first(photos).time);
  const lastDate = calendarDay(last(photos).time);
  const days = Math.min(last(photos).day - first(photos).day, lastDate - firstDate) + 1;
  const places = placesByFrequency(photos);
  const place = places.length === 1 ? (places[0] as Place) : null;
  const range = formatDayRange(firstDate, lastDate);

  let title: string;
  let description: string;
  if (days === 1) {
    const part = partOfDay(photos);
    const weekday = weekdayFormat.format(dayStart(firstDate));
    const date = formatDayRange(firstDate, firstDate);
    title = place ? `${place.city}, ${date}` : part ? `${weekday} ${part}, ${date}` : `${weekday}, ${date}`;
    description =
      firstDate === lastDate
        ? `Taken${placesPhrase(places)} on ${weekday} ${date}, ${timeSpan(photos)}.`
        : `Taken${placesPhrase(places)} from ${clock(first(photos).time)} on ${weekday} ${date} to ${clock(last(photos).time)} on ${weekdayFormat.format(dayStart(lastDate))} ${formatDayRange(lastDate, lastDate)}.`;
  } else {
    const firstDay = first(photos).day;
    const lastDay = last(photos).day;
    if (place && isWeekend(firstDay, lastDay)) title = `A weekend in ${place.city}`;
    else if (place && days === 7) title = `A week in ${place.city}`;
    else if (place && days < NUMBER_WORDS.length) title = `${NUMBER_WORDS[days]} days in ${place.city}`;
    else if (place) title = `${place.city}, ${range}`;
    else if (isWeekend(firstDay, lastDay)) title = `Weekend of ${range}`;
    else title = range;
    description = `Taken${placesPhrase(places)} over ${days} days, ${range}.`;
  }
  return album(
    title,
    description,
    photos.map((photo) => photo.ref),
  );
}

/**
 * Files whose only date is their file's time: when they were saved (downloaded, copied), which the
 * album says rather than claiming that is when they were taken.
 */
function describeSaved(photos: DatedPhoto[]): OfflineAlbum {
  const firstDate = calendarDay(first(photos).time);
  const lastDate = calendarDay(last(photos).time);
  const range = formatDayRange(firstDate, lastDate);
  const when = firstDate === lastDate ? `on ${range}` : range;
  return album(
    `Saved ${when}`,
    `Images with no date of their own, saved ${when}.`,
    photos.map((photo) => photo.ref),
  );
}

/** Lone moments of one month or one year, gathered: "May 2026", "March – May 2026", "2026". */
function describePeriod(photos: DatedPhoto[]): OfflineAlbum {
  const start = new Date(first(photos).time);
  const end = new Date(last(photos).time);
  const year = String(start.getUTCFullYear());
  const sameMonth = start.getUTCMonth() === end.getUTCMonth();
  const title = sameMonth
    ? `${monthFormat.format(start)} ${year}`
    : `${monthFormat.format(start)} – ${monthFormat.format(end)} ${year}`;
  const places = placesByFrequency(photos);
  return album(
    title,
    `Moments${placesPhrase(places)} from ${sameMonth ? title : `across ${title}`}, each on a day of its own.`,
    photos.map((photo) => photo.ref),
  );
}

function describeUndated(group: UndatedGroup): OfflineAlbum {
  if (group.kind === 'people')
    return album('People', 'Photos with no date in which the same people appear.', group.refs);
  if (group.kind === 'documents')
    return album(
      'Documents and notes',
      'Pages, notes and papers, photographed or scanned, with no date.',
      group.refs,
    );
  if (group.kind === 'alike')
    return album(
      `${UNDATED_TITLE} that look alike`,
      'Photos with no date that look nearly the same: the same colours, light and layout.',
      group.refs,
    );
  if (group.place === null)
    return album(
      UNDATED_TITLE,
      'Photos with no date to sort them by: none from the camera, the file name or the file’s time.',
      group.refs,
    );
  return album(
    `${UNDATED_TITLE} from ${group.place.city}`,
    `Photos from ${group.place.city}, ${group.place.country} with no capture date.`,
    group.refs,
  );
}

/** Equal titles get the dates added, then a number: every album can be told apart. */
function disambiguateTitles(albums: OfflineAlbum[], trips: readonly DatedPhoto[][]): OfflineAlbum[] {
  const counts = countTitles(albums);
  const dated = albums.map((entry, index) => {
    const trip = trips[index];
    if (!trip || (counts.get(entry.title) ?? 0) < 2 || /\d/.test(entry.title)) return entry;
    return {
      ...entry,
      title: cleanText(
        `${entry.title}, ${formatDayRange(calendarDay(first(trip).time), calendarDay(last(trip).time))}`,
        ALBUM_TITLE_MAX - 5,
      ),
    };
  });
  const remaining = countTitles(dated);
  const seen = new Map<string, number>();
  return dated.map((entry) => {
    if ((remaining.get(entry.title) ?? 0) < 2) return entry;
    const occurrence = (seen.get(entry.title) ?? 0) + 1;
    seen.set(entry.title, occurrence);
    return occurrence === 1 ? entry : { ...entry, title: `${entry.title} (${occurrence})` };
  });
}

function countTitles(albums: readonly OfflineAlbum[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of albums) counts.set(entry.title, (counts.get(entry.title) ?? 0) + 1);
  return counts;
}

function album(title: string, description: string, photoIds: string[]): OfflineAlbum {
  // Bounded like the validator bounds them, leaving room for a " (12)" suffix.
  return {
    title: cleanText(title, ALBUM_TITLE_MAX - 5),
    description: cleanText(description, ALBUM_DESCRIPTION_MAX),
    photoIds,
  };
}

/** The one part of day all photos share ("morning"), or null when they span more than one. */
function partOfDay(photos: readonly DatedPhoto[]): string | null {
  const parts = new Set(photos.map((photo) => partOfHour(new Date(photo.time).getUTCHours())));
  return parts.size === 1 ? (parts.values().next().value ?? null) : null;
}

function partOfHour(hour: number): string {
  if (hour >= DAY_STARTS_AT_HOUR && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

/** Friday or Saturday to the Sunday after it. */
function isWeekend(firstDay: number, lastDay: number): boolean {
  const startWeekday = dayStart(firstDay).getUTCDay();
  const endWeekday = dayStart(lastDay).getUTCDay();
  return endWeekday === 0 && lastDay - firstDay <= 2 && (startWeekday === 5 || startWeekday === 6);
}

/** "3 May 2026", "12 – 14 June 2026", "30 May – 2 June 2026", "30 December 2025 – 2 January 2026". */
function formatDayRange(firstDay: number, lastDay: number): string {
  const start = dayStart(firstDay);
  const end = dayStart(lastDay);
  const day = (date: Date) => String(date.getUTCDate());
  const month = (date: Date) => monthFormat.format(date);
  const year = (date: Date) => String(date.getUTCFullYear());
  const full = (date: Date) => `${day(date)} ${month(date)} ${year(date)}`;
  if (firstDay === lastDay) return full(start);
  if (year(start) !== year(end)) return `${full(start)} – ${full(end)}`;
  if (month(start) !== month(end)) return `${day(start)} ${month(start)} – ${full(end)}`;
  return `${day(start)} – ${full(end)}`;
}

/** "09:12": a photo's wall-clock time. */
function clock(time: number): string {
  return new Date(time).toISOString().slice(11, 16);
}

/** "at 09:12" or "between 09:12 and 11:40". */
function timeSpan(photos: readonly DatedPhoto[]): string {
  const from = clock(first(photos).time);
  const to = clock(last(photos).time);
  return from === to ? `at ${from}` : `between ${from} and ${to}`;
}

/** " in Porto, Portugal", " in Porto, Lisbon and Faro", or "" when no photo has a place. */
function placesPhrase(places: readonly Place[]): string {
  if (places.length === 0) return '';
  if (places.length === 1) return ` in ${places[0]?.city}, ${places[0]?.country}`;
  const cities = places.slice(0, 3).map((place) => place.city);
  if (places.length > 3) cities.push(`${places.length - 3} more places`);
  return ` in ${cities.slice(0, -1).join(', ')} and ${cities.at(-1)}`;
}

/** Distinct places, most photos first, ties in order of appearance. */
function placesByFrequency(photos: readonly DatedPhoto[]): Place[] {
  const tally = new Map<string, { place: Place; count: number }>();
  for (const photo of photos) {
    const key = placeKey(photo.place);
    if (key === null || photo.place === null) continue;
    const entry = tally.get(key);
    if (entry) entry.count++;
    else tally.set(key, { place: photo.place, count: 1 });
  }
  return [...tally.values()].sort((a, b) => b.count - a.count).map((entry) => entry.place);
}

/** The event's place when its photos name exactly one, else null. */
function onlyPlace(photos: readonly DatedPhoto[]): Place | null {
  const places = placesByFrequency(photos);
  return places.length === 1 ? (places[0] as Place) : null;
}

function placeKey(place: Place | null): string | null {
  return place ? `${place.city}\u0000${place.country}` : null;
}

/** The photo's calendar day (days since the epoch), as printed. */
function calendarDay(time: number): number {
  return Math.floor(time / DAY_MS);
}

function dayOf(time: number): number {
  return Math.floor((time - DAY_STARTS_AT_HOUR * HOUR_MS) / DAY_MS);
}

function dayStart(day: number): Date {
  return new Date(day * DAY_MS);
}

function startOf(photos: readonly DatedPhoto[]): number {
  return Math.min(...photos.map((photo) => photo.time));
}

function endOf(photos: readonly DatedPhoto[]): number {
  return Math.max(...photos.map((photo) => photo.time));
}

function first<T>(items: readonly T[]): T {
  return items[0] as T;
}

function last<T>(items: readonly T[]): T {
  return items[items.length - 1] as T;
}
