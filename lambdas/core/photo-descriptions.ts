/**
 * What the model says each photo is about (a caption and a few tags) is untrusted input, like its
 * albums: this module keeps what is well-formed and bounded, drops the rest, and never throws — a bad
 * descriptions section costs the photos their model description (the offline one stands in), never
 * the album plan.
 */
import { CAPTION_MAX, type PhotoDescription, TAG_MAX, TAGS_MAX } from './photo-details.ts';

export interface RepairedDescriptions {
  /** The model's description of each photo it described well enough, by photo ref. */
  byRef: Map<string, PhotoDescription>;
  /** Human-readable notes on what had to be fixed; empty for a clean answer. */
  repairs: string[];
}

// Control characters (C0 and C1, tabs and newlines among them) and line and paragraph separators
// become spaces: one line of text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Bidirectional controls (marks, embeddings, overrides, isolates) can make a caption read differently
// from what it holds; zero-width spaces, invisible operators, the byte-order mark and interlinear
// annotations hide text. All go. The zero-width (non-)joiners stay: Persian words and emoji need them.
const INVISIBLE = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
// A lone half of a surrogate pair is not text: PostgreSQL would store it as a replacement character.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Entries of the answer's `photos` array looked at, per photo sent: a bound on the work a hostile answer causes. */
const ENTRIES_PER_PHOTO = 2;
/** Tag candidates looked at per photo. */
const TAG_CANDIDATES = TAGS_MAX * 4;

/**
 * One line of text: invisible and control characters removed, whitespace collapsed, NFC, at most
 * `max` code points (a cut caption ends with "…"). Empty when nothing is left.
 */
export function cleanLine(value: string, max: number, ellipsis = true): string {
  // Only a bounded prefix is worth cleaning: a megabyte-long "caption" costs no more than a long one.
  const bounded = value.slice(0, max * 8);
  const line = bounded
    .replace(LONE_SURROGATE, '')
    .replace(INVISIBLE, '')
    .replace(CONTROL, ' ')
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
  const points = Array.from(line);
  if (points.length <= max) return line;
  if (!ellipsis) return points.slice(0, max).join('').trimEnd();
  return `${points
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

/** A tag as stored: one clean line, lower-cased, at most TAG_MAX code points; null when nothing usable is left. */
export function cleanTag(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  // A leading "#" is how people write tags, not part of the word.
  const tag = cleanLine(value.toLowerCase(), TAG_MAX * 2, false).replace(/^#+\s*/, '');
  // A "tag" longer than TAG_MAX is a phrase, not a search word: dropped rather than cut mid-word.
  if (tag === '' || Array.from(tag).length > TAG_MAX) return null;
  return tag;
}

/** Tags cleaned, duplicates and unusable ones dropped, at most TAGS_MAX, in the order given. */
export function cleanTags(values: readonly unknown[]): string[] {
  const tags: string[] = [];
  for (const value of values.slice(0, TAG_CANDIDATES)) {
    const tag = cleanTag(value);
    if (tag !== null && !tags.includes(tag)) tags.push(tag);
    if (tags.length === TAGS_MAX) break;
  }
  return tags;
}

/**
 * Reads the `photos` section of an untrusted organizing answer (`{ photos: [{ id, caption, tags }] }`)
 * against the refs that were sent: unknown and repeated refs are dropped (the first description of a
 * photo counts), captions cleaned and cut to CAPTION_MAX, tags cleaned (cleanTags). A photo whose
 * entry leaves neither a caption nor a tag has no model description.
 */
export function repairPhotoDescriptions(raw: unknown, refs: readonly string[]): RepairedDescriptions {
  const byRef = new Map<string, PhotoDescription>();
  const repairs: string[] = [];
  const section = isRecord(raw) ? raw.photos : undefined;
  if (section === undefined)
    return { byRef, repairs: refs.length > 0 ? ['the answer describes no photo'] : [] };
  if (!Array.isArray(section)) return { byRef, repairs: ['the "photos" section is not an array'] };
  const known = new Set(refs);
  const counts = { unknown: 0, repeated: 0, empty: 0, cut: 0, tagsDropped: 0, notObjects: 0 };
  const limit = Math.max(1, refs.length * ENTRIES_PER_PHOTO);
  if (section.length > limit)
    repairs.push(`${section.length} descriptions for ${refs.length} photos: the first ${limit} read`);
  for (const entry of section.slice(0, limit)) {
    if (!isRecord(entry)) {
      counts.notObjects++;
      continue;
    }
    const ref = entry.id;
    if (typeof ref !== 'string' || !known.has(ref)) {
      counts.unknown++;
      continue;
    }
    if (byRef.has(ref)) {
      counts.repeated++;
      continue;
    }
    const rawCaption = typeof entry.caption === 'string' ? entry.caption : '';
    const caption = cleanLine(rawCaption, CAPTION_MAX);
    if (caption.endsWith('…') && !rawCaption.trimEnd().endsWith('…')) counts.cut++;
    const offered = Array.isArray(entry.tags) ? entry.tags : [];
    const tags = cleanTags(offered);
    if (offered.length > tags.length) counts.tagsDropped += offered.length - tags.length;
    if (caption === '' && tags.length === 0) {
      counts.empty++;
      continue;
    }
    byRef.set(ref, { caption: caption === '' ? null : caption, tags, source: 'model' });
  }
  if (counts.notObjects > 0) repairs.push(`${counts.notObjects} description(s) not an object`);
  if (counts.unknown > 0) repairs.push(`${counts.unknown} description(s) of unknown photo ids`);
  if (counts.repeated > 0) repairs.push(`${counts.repeated} repeated description(s) of one photo`);
  if (counts.empty > 0) repairs.push(`${counts.empty} empty description(s)`);
  if (counts.cut > 0) repairs.push(`${counts.cut} caption(s) cut to ${CAPTION_MAX} characters`);
  if (counts.tagsDropped > 0)
    repairs.push(`${counts.tagsDropped} tag(s) dropped (repeated, too long or too many)`);
  const missing = refs.filter((ref) => !byRef.has(ref)).length;
  if (missing > 0) repairs.push(`${missing} photo(s) not described by the model`);
  return { byRef, repairs };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
