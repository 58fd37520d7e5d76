/**
 * Colour arithmetic for album pages: `#rrggbb` in and out, WCAG 2 relative luminance and contrast,
 * and the one rule every page keeps — body text at least AA (4.5:1) on its background.
 */
import type { HexColour } from './album-page.ts';

/** WCAG 2.x AA for normal text. */
export const AA_CONTRAST = 4.5;

const HEX = /^#[0-9a-f]{6}$/;

/** Red, green, blue in 0–1. */
export type Rgb = readonly [number, number, number];

/** The colour when `value` is exactly `#rrggbb` (either case), lower-cased; null for anything else. */
export function parseHexColour(value: unknown): HexColour | null {
  if (typeof value !== 'string') return null;
  const lower = value.toLowerCase();
  return HEX.test(lower) ? (lower as HexColour) : null;
}

export function hexToRgb(colour: HexColour): Rgb {
  const channel = (offset: number) => Number.parseInt(colour.slice(offset, offset + 2), 16) / 255;
  return [channel(1), channel(3), channel(5)];
}

export function rgbToHex(rgb: Rgb): HexColour {
  const channel = (value: number) =>
    Math.round(Math.min(1, Math.max(0, value)) * 255)
      .toString(16)
      .padStart(2, '0');
  return `#${channel(rgb[0])}${channel(rgb[1])}${channel(rgb[2])}`;
}

/** WCAG 2.x relative luminance (sRGB). */
export function luminance(colour: HexColour): number {
  const linear = (value: number) => (value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = hexToRgb(colour).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.x contrast ratio, 1–21. */
export function contrast(a: HexColour, b: HexColour): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** Black or white, whichever reads better on `background` (always at least 4.58:1). */
export function blackOrWhite(background: HexColour): HexColour {
  return contrast('#000000', background) >= contrast('#ffffff', background) ? '#000000' : '#ffffff';
}

/** `colour` moved `share` (0–1) of the way towards `target`. */
export function mix(colour: HexColour, target: HexColour, share: number): HexColour {
  const [r, g, b] = hexToRgb(colour);
  const [tr, tg, tb] = hexToRgb(target);
  return rgbToHex([r + (tr - r) * share, g + (tg - g) * share, b + (tb - b) * share]);
}

/**
 * `colour` if it reads at AA on `background`; otherwise the least change towards black or white
 * (whichever reads better there) that does — so an accent keeps its hue when it can.
 */
export function readableOn(colour: HexColour, background: HexColour): HexColour {
  if (contrast(colour, background) >= AA_CONTRAST) return colour;
  const target = blackOrWhite(background);
  for (let step = 1; step <= 10; step += 1) {
    const candidate = mix(colour, target, step / 10);
    if (contrast(candidate, background) >= AA_CONTRAST) return candidate;
  }
  return target;
}
