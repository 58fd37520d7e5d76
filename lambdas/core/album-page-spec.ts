/**
 * A page design is untrusted input (the model wrote it, or it was stored before the album changed).
 * This module turns whatever came back into a spec the template can render as it is: a known layout,
 * `#rrggbb` colours with readable text, plain text stripped of control characters and cut to
 * PAGE_LIMITS, only the album's own photos, each shown exactly once. It never rejects a whole spec for
 * one bad field: the bad field is repaired (from the offline design where a value is needed) and the
 * repair noted. Markup-looking text is kept as text: the template escapes every string.
 */
import {
  type AlbumPageSpec,
  PAGE_LAYOUTS,
  PAGE_LIMITS,
  type PageLayout,
  type PagePalette,
  type PageSection,
} from './album-page.ts';
import { AA_CONTRAST, blackOrWhite, contrast, parseHexColour, readableOn } from './page-colours.ts';

export interface PageSpecContext {
  /**
   * The refs the designer was given, each to the album photo it stands for. A stored spec is checked
   * with each photo id mapped to itself.
   */
  refs: ReadonlyMap<string, string>;
  /** The album's photos in display order: all of them end up on the page, in this order when left out. */
  imageIds: readonly string[];
  /** The offline design: its colours replace malformed ones, its headline and introduction empty ones. */
  fallback: AlbumPageSpec;
}

export interface RepairedPageSpec {
  spec: AlbumPageSpec;
  /** What had to be fixed, for the logs and the stored record; empty for a clean answer. */
  repairs: string[];
}

/**
 * Validates and repairs an untrusted page design against the album's photos. Lead photos are shown
 * first and are left out of the sections, so every photo of the album appears exactly once.
 */
export function repairPageSpec(raw: unknown, context: PageSpecContext): RepairedPageSpec {
  const repairs: string[] = [];
  const design = asRecord(parsedIfText(raw));
  if (design === null) repairs.push('the design is not an object');
  const field = (name: string): unknown => (design && Object.hasOwn(design, name) ? design[name] : undefined);
  const text = textCleaner(repairs);

  const layout = repairLayout(field('layout'), repairs);
  const palette = repairPalette(field('palette'), context.fallback.palette, repairs);
  const headline =
    text(field('headline'), PAGE_LIMITS.headline, 'headline', false) || context.fallback.headline;
  // An introduction given as text may be empty (the owner cleared it); a missing one is the fallback's.
  const givenIntroduction = field('introduction');
  const introduction =
    typeof givenIntroduction === 'string'
      ? text(givenIntroduction, PAGE_LIMITS.introduction, 'introduction', true)
      : text(givenIntroduction, PAGE_LIMITS.introduction, 'introduction', true) ||
        context.fallback.introduction;

  const album = new Set(context.imageIds);
  const placed = new Set<string>();
  const photo = (ref: unknown, where: string): string | null => {
    const imageId = typeof ref === 'string' ? context.refs.get(ref) : undefined;
    if (imageId === undefined || !album.has(imageId)) {
      repairs.push(`${where}: unknown photo ${preview(ref)}`);
      return null;
    }
    if (placed.has(imageId)) {
      repairs.push(`${where}: photo ${preview(ref)} named twice`);
      return null;
    }
    placed.add(imageId);
    return imageId;
  };

  const leadImageIds: string[] = [];
  for (const ref of listOf(field('leadImageIds'), 'leadImageIds', repairs)) {
    if (leadImageIds.length === PAGE_LIMITS.leadPhotos) {
      repairs.push(`leadImageIds: more than ${PAGE_LIMITS.leadPhotos}`);
      break;
    }
    const imageId = photo(ref, 'leadImageIds');
    if (imageId !== null) leadImageIds.push(imageId);
  }

  const sections: PageSection[] = [];
  for (const [index, candidate] of listOf(field('sections'), 'sections', repairs).entries()) {
    const section = asRecord(candidate);
    if (section === null) {
      repairs.push(`section ${index} is not an object`);
      continue;
    }
    const where = `section ${index}`;
    const imageIds: string[] = [];
    for (const ref of listOf(section.imageIds, `${where} imageIds`, repairs)) {
      const imageId = photo(ref, where);
      if (imageId !== null) imageIds.push(imageId);
    }
    if (sections.length === PAGE_LIMITS.sections) {
      repairs.push(`${where}: more than ${PAGE_LIMITS.sections} sections, its photos join the last`);
      sections.at(-1)?.imageIds.push(...imageIds);
      continue;
    }
    if (imageIds.length === 0) {
      repairs.push(`${where} shows no photo of the album: dropped`);
      continue;
    }
    sections.push({
      title: text(section.title, PAGE_LIMITS.sectionTitle, `${where} title`, false),
      caption: text(section.caption, PAGE_LIMITS.caption, `${where} caption`, false),
      imageIds,
    });
  }

  const leftOver = context.imageIds.filter((imageId) => !placed.has(imageId));
  if (leftOver.length > 0) {
    repairs.push(`${leftOver.length} photo(s) in no section`);
    placeBesideNeighbours(sections, context.imageIds, placed);
  }

  return { spec: { layout, palette, headline, introduction, leadImageIds, sections }, repairs };
}

/**
 * Puts each photo the design left out (a long album's design sees only a sample of it) into the section
 * of its nearest earlier photo in album order, right after it — the photos taken just before it, in an
 * album kept in time order — or, before any sectioned photo, at the start of the first section. A design
 * with no section at all gets one, untitled. Lead photos are placed already and anchor nothing.
 */
function placeBesideNeighbours(sections: PageSection[], albumOrder: readonly string[], placed: Set<string>) {
  const sectionOf = new Map<string, PageSection>();
  for (const section of sections) for (const imageId of section.imageIds) sectionOf.set(imageId, section);
  let anchor: { section: PageSection; after: string } | null = null;
  const beforeAny: string[] = [];
  for (const imageId of albumOrder) {
    const home = sectionOf.get(imageId);
    if (home) anchor = { section: home, after: imageId };
    if (placed.has(imageId)) continue;
    if (anchor === null) {
      beforeAny.push(imageId);
      continue;
    }
    const { section, after } = anchor;
    section.imageIds.splice(section.imageIds.indexOf(after) + 1, 0, imageId);
    anchor = { section, after: imageId };
  }
  if (beforeAny.length === 0) return;
  const first = sections[0];
  if (first) first.imageIds.unshift(...beforeAny);
  else sections.push({ title: '', caption: '', imageIds: beforeAny });
}

/** A spec already stored, checked again against the album as it is now (photos come and go). */
export function reconcileStoredSpec(spec: unknown, imageIds: readonly string[], fallback: AlbumPageSpec) {
  const refs = new Map(imageIds.map((imageId) => [imageId, imageId]));
  return repairPageSpec(spec, { refs, imageIds, fallback });
}

function repairLayout(value: unknown, repairs: string[]): PageLayout {
  if (typeof value === 'string' && (PAGE_LAYOUTS as readonly string[]).includes(value)) {
    return value as PageLayout;
  }
  repairs.push(`unknown layout ${preview(value)}`);
  return PAGE_LAYOUTS[0];
}

function repairPalette(value: unknown, fallback: PagePalette, repairs: string[]): PagePalette {
  const given = asRecord(value) ?? {};
  const colour = (name: keyof PagePalette) => {
    const parsed = parseHexColour(Object.hasOwn(given, name) ? given[name] : undefined);
    if (parsed === null) repairs.push(`palette ${name} ${preview(given[name])} is not #rrggbb`);
    return parsed ?? fallback[name];
  };
  const background = colour('background');
  let text = colour('text');
  if (contrast(text, background) < AA_CONTRAST) {
    repairs.push('palette text is not readable on the background');
    text = blackOrWhite(background);
  }
  const accent = readableOn(colour('accent'), background);
  return { background, text, accent };
}

const CONTROL = /\p{Cc}/gu;
/** Bidirectional overrides and isolates: they can make text read as something else. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/gu;
const SPACES = /[^\S\n]+/gu;

/** A string cleaned for the page: plain text, no control characters, trimmed and cut by code points. */
function textCleaner(repairs: string[]) {
  return (value: unknown, limit: number, where: string, paragraphs: boolean): string => {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') {
      repairs.push(`${where} is not text`);
      return '';
    }
    // No more than `limit` code points can come from the first 2 × limit UTF-16 units: a 1 MB string
    // costs no more than a short one. A lone surrogate (invalid in JSON stored by PostgreSQL) → U+FFFD.
    let cleaned = value.slice(0, limit * 2 + 2).toWellFormed();
    cleaned = paragraphs
      ? cleaned
          .replace(/\r\n?/g, '\n')
          .replace(/[^\P{Cc}\n]/gu, ' ')
          .replace(/\n{3,}/g, '\n\n')
      : cleaned.replace(CONTROL, ' ');
    cleaned = cleaned
      .replace(BIDI_CONTROL, '')
      .replace(SPACES, ' ')
      .replace(/ ?\n ?/g, '\n')
      .trim();
    const points = Array.from(cleaned);
    if (points.length > limit || value.length > limit * 2 + 2) {
      repairs.push(`${where} longer than ${limit} characters: cut`);
      return points.slice(0, limit).join('').trim();
    }
    return cleaned;
  };
}

function listOf(value: unknown, where: string, repairs: string[]): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    repairs.push(`${where} is not a list`);
    return [];
  }
  return value;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A designer that answered the JSON as text is read as JSON. */
function parsedIfText(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A short, safe rendering of an unexpected value for a repair note. */
function preview(value: unknown): string {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
  return shown.replace(CONTROL, '');
}
