/**
 * The album page as HTML: the project's own template, filled from a page DESIGN (core/album-page.ts).
 * A pure function: spec + album + photos with signed URLs in, one HTML string and its
 * Content-Security-Policy out. Used by the public page (GET /s/{token}) and the owner's preview.
 *
 * What keeps it safe, whoever wrote the spec:
 * - every string goes through `escapeHtml` (one helper for text and double-quoted attributes);
 * - URLs reach `src`/`href` only when they are http(s) URLs we signed; the CSP's img-src lists exactly
 *   their origins;
 * - colours never reach CSS as values: the palette picks one of a fixed set of classes defined in
 *   web/album-page.css (the nearest background tone, the nearest accent hue). So the page needs no
 *   inline style and no style hash, and renders the same inside the owner's preview, an
 *   `<iframe srcdoc>` that inherits the app's own `style-src 'self'`. Every tone/accent pair is checked
 *   for WCAG AA contrast by test/unit/album-page-html.test.ts, so no palette can make the page unreadable;
 * - layouts are classes from PAGE_LAYOUTS only; there is no script at all.
 */
import { type AlbumPageSpec, PAGE_LAYOUTS, type PageLayout } from '../../core/album-page.ts';
import type { Place } from '../../core/model.ts';
import { blackOrWhite, hexToRgb, parseHexColour, type Rgb } from '../../core/page-colours.ts';

export interface PagePhoto {
  id: string;
  /** About 1024 px: what the page shows. */
  previewUrl: string;
  /** The original as a download (Content-Disposition: attachment), only when the link allows it. */
  originalUrl: string | null;
  width: number | null;
  height: number | null;
  takenAt: Date | null;
}

export interface PageAlbum {
  title: string;
  description: string;
  takenFrom: Date | null;
  takenTo: Date | null;
  place: Place | null;
}

export interface RenderedPage {
  html: string;
  /** For the response header; the HTML carries the same policy in a meta element, minus frame-ancestors. */
  contentSecurityPolicy: string;
}

/** Where the page's stylesheet is served (web/album-page.css, with the web app). */
export const PAGE_STYLESHEET = '/album-page.css';

/** Background tones: light ones take dark text, dark ones light text (web/album-page.css). */
export const PAGE_TONES = {
  paper: '#fbfaf7',
  cream: '#f6efe1',
  sand: '#efe4d0',
  peach: '#fbe9dc',
  blush: '#f8e8e6',
  rose: '#f3dde4',
  lavender: '#ebe6f4',
  sky: '#e4eef7',
  mint: '#e3f1ea',
  sage: '#e7ecdf',
  lemon: '#f7f3d9',
  stone: '#ecebe8',
  ink: '#16181d',
  night: '#1b2230',
  ocean: '#10262e',
  forest: '#17261f',
  earth: '#2a2119',
  wine: '#2a161c',
  plum: '#241a2e',
  slate: '#2b3136',
} as const;
export type PageTone = keyof typeof PAGE_TONES;

/** The text colour on light and on dark tones. */
export const PAGE_TEXT = { light: '#1d1d1f', dark: '#f4f2ee' } as const;

/** Accent hues (degrees), each with a deep shade for light tones and a bright one for dark tones. */
export const PAGE_ACCENTS = {
  red: { hue: 0, light: '#ba2121', dark: '#ed7e7e' },
  orange: { hue: 24, light: '#934b1a', dark: '#e48444' },
  amber: { hue: 40, light: '#795815', dark: '#df9f20' },
  olive: { hue: 65, light: '#5d6412', dark: '#cfdf20' },
  green: { hue: 130, light: '#136c22', dark: '#20df40' },
  teal: { hue: 170, light: '#136c5e', dark: '#20dfbf' },
  cyan: { hue: 190, light: '#156979', dark: '#20bfdf' },
  blue: { hue: 215, light: '#205fb6', dark: '#6ca0ea' },
  indigo: { hue: 235, light: '#2635d9', dark: '#8f97ef' },
  violet: { hue: 265, light: '#7126d9', dark: '#b48bee' },
  magenta: { hue: 300, light: '#a51da5', dark: '#ea6cea' },
  pink: { hue: 335, light: '#b6205f', dark: '#ec79a9' },
  neutral: { hue: null, light: '#4a4a4a', dark: '#c9c9c9' },
} as const;
export type PageAccent = keyof typeof PAGE_ACCENTS;

/** The only escape: text and double-quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Renders the page. Photos the spec names that are not in `photos` are left out. */
export function renderAlbumPage(input: {
  spec: AlbumPageSpec;
  album: PageAlbum;
  photos: readonly PagePhoto[];
}): RenderedPage {
  const { spec, album } = input;
  const photos = new Map(
    input.photos.filter((photo) => safeUrl(photo.previewUrl) !== null).map((photo) => [photo.id, photo]),
  );
  const tone = nearestTone(spec.palette?.background);
  const shade = isDark(tone) ? 'dark' : 'light';
  const accent = nearestAccent(spec.palette?.accent);
  const layout: PageLayout = PAGE_LAYOUTS.includes(spec.layout) ? spec.layout : PAGE_LAYOUTS[0];
  const shown = new Set<string>();
  const take = (ids: readonly string[]) =>
    ids.flatMap((id) => {
      const photo = photos.get(id);
      if (!photo || shown.has(id)) return [];
      shown.add(id);
      return [photo];
    });

  const headline = text(spec.headline) || text(album.title) || 'An album';
  const lead = take(spec.leadImageIds ?? []);
  const sections = (spec.sections ?? []).map((section) => ({
    title: text(section.title),
    caption: text(section.caption),
    photos: take(section.imageIds ?? []),
  }));
  // A photo of the album the spec forgot still belongs on the page.
  const rest = take([...photos.keys()]);
  if (rest.length > 0)
    sections.push({ title: sections.length > 0 ? 'More moments' : '', caption: '', photos: rest });

  const origins = [...new Set([...shown].map((id) => safeUrl(photos.get(id)?.previewUrl)?.origin ?? ''))];
  const imageOrigins = origins.filter((origin) => origin !== '').sort();
  const policy = contentSecurityPolicy(imageOrigins);
  const when = dateRange(album.takenFrom, album.takenTo);
  const where = album.place ? `${text(album.place.city)}, ${text(album.place.country)}` : '';
  const facts = [when, where].filter((fact) => fact !== '').join(' · ');
  const albumTitle = text(album.title);

  const body = [
    `<header class="page-head">`,
    albumTitle && albumTitle !== headline ? `<p class="page-album">${escapeHtml(albumTitle)}</p>` : '',
    `<h1>${escapeHtml(headline)}</h1>`,
    facts ? `<p class="page-facts">${escapeHtml(facts)}</p>` : '',
    text(spec.introduction) ? `<p class="page-intro">${escapeHtml(text(spec.introduction))}</p>` : '',
    `</header>`,
    `<main class="page-main">`,
    lead.length > 0
      ? `<section class="page-lead" aria-label="Highlights">${lead.map((photo) => figure(photo, headline)).join('')}</section>`
      : '',
    ...sections
      .filter((section) => section.photos.length > 0)
      .map((section, index) => sectionHtml(section, index, headline)),
    `</main>`,
    `<footer class="page-foot"><p>Shared with Momentarium</p></footer>`,
  ].join('');

  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">` +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(metaPolicy(imageOrigins))}">` +
    `<title>${escapeHtml(headline)}</title><link rel="stylesheet" href="${PAGE_STYLESHEET}"></head>` +
    `<body class="album-page tone-${tone} ${shade} accent-${accent} layout-${layout}">${body}</body></html>`;
  return { html, contentSecurityPolicy: policy };
}

function sectionHtml(
  section: { title: string; caption: string; photos: PagePhoto[] },
  index: number,
  headline: string,
): string {
  const headingId = `section-${index + 1}`;
  const label = section.title || headline;
  return (
    `<section class="page-section"${section.title ? ` aria-labelledby="${headingId}"` : ` aria-label="${escapeHtml(label)}"`}>` +
    (section.title ? `<h2 id="${headingId}">${escapeHtml(section.title)}</h2>` : '') +
    (section.caption ? `<p class="page-caption">${escapeHtml(section.caption)}</p>` : '') +
    `<div class="page-photos">${section.photos.map((photo) => figure(photo, label)).join('')}</div></section>`
  );
}

function figure(photo: PagePhoto, context: string): string {
  const src = safeUrl(photo.previewUrl) as URL;
  const date = photo.takenAt ? longDate(photo.takenAt) : '';
  const alt = date ? `${context}, taken ${date}` : `${context}, a photo`;
  const size =
    photo.width && photo.height && photo.width > 0 && photo.height > 0
      ? ` width="${Math.round(photo.width)}" height="${Math.round(photo.height)}"`
      : '';
  const original = safeUrl(photo.originalUrl);
  return (
    `<figure><img src="${escapeHtml(src.href)}" alt="${escapeHtml(alt)}"${size} loading="lazy" decoding="async">` +
    (original
      ? `<figcaption><a href="${escapeHtml(original.href)}" rel="noreferrer">Download original</a></figcaption>`
      : '') +
    `</figure>`
  );
}

function contentSecurityPolicy(imageOrigins: readonly string[]): string {
  return `${metaPolicy(imageOrigins)}; frame-ancestors 'self'`;
}

/** A meta element cannot carry frame-ancestors (browsers ignore it there, with a console warning). */
function metaPolicy(imageOrigins: readonly string[]): string {
  const images = imageOrigins.length > 0 ? imageOrigins.join(' ') : "'none'";
  return `default-src 'none'; img-src ${images}; style-src 'self'; base-uri 'none'; form-action 'none'`;
}

/** http(s) URLs only; anything else (javascript:, data:, garbage) is dropped. */
function safeUrl(value: string | null | undefined): URL | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** A string as the template shows it: trimmed; anything not a string is nothing. */
function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** Dates are wall-clock times stored as UTC: formatted in UTC they read as the camera said. */
function longDate(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : LONG_DATE.format(date);
}

function dateRange(from: Date | null, to: Date | null): string {
  const start = from ? longDate(from) : '';
  const end = to ? longDate(to) : '';
  if (!start || !end || start === end) return start || end;
  return `${start} – ${end}`;
}

/** The colour as [r, g, b] in 0–255 when it is a #rrggbb colour (core/page-colours.ts), else null. */
function rgbOf(colour: unknown): Rgb | null {
  const hex = parseHexColour(colour);
  if (!hex) return null;
  const [r, g, b] = hexToRgb(hex);
  return [r * 255, g * 255, b * 255];
}

/** A tone that takes light text: the one rule the core uses to pick readable text (blackOrWhite). */
function isDark(tone: PageTone): boolean {
  return blackOrWhite(PAGE_TONES[tone]) === '#ffffff';
}

/** The tone closest to the spec's background (paper when it is not a #rrggbb colour). */
export function nearestTone(background: unknown): PageTone {
  const rgb = rgbOf(background);
  if (!rgb) return 'paper';
  let best: PageTone = 'paper';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, hex] of Object.entries(PAGE_TONES) as [PageTone, string][]) {
    const tone = rgbOf(hex) as [number, number, number];
    // Weighted like the eye (green counts most): "redmean" distance.
    const mean = (rgb[0] + tone[0]) / 2;
    const [dr, dg, db] = [rgb[0] - tone[0], rgb[1] - tone[1], rgb[2] - tone[2]];
    const distance = (2 + mean / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean) / 256) * db * db;
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

/** The accent hue closest to the spec's accent; greys (and anything not #rrggbb) are neutral. */
export function nearestAccent(accent: unknown): PageAccent {
  const rgb = rgbOf(accent);
  if (!rgb) return 'neutral';
  const [r, g, b] = rgb.map((v) => v / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < 0.12) return 'neutral';
  const d = max - min;
  const hue = (max === r ? ((g - b) / d + 6) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4) * 60;
  let best: PageAccent = 'neutral';
  let bestGap = Number.POSITIVE_INFINITY;
  for (const [name, { hue: candidate }] of Object.entries(PAGE_ACCENTS) as [
    PageAccent,
    { hue: number | null },
  ][]) {
    if (candidate === null) continue;
    const gap = Math.min(Math.abs(hue - candidate), 360 - Math.abs(hue - candidate));
    if (gap < bestGap) [best, bestGap] = [name, gap];
  }
  return best;
}
