/**
 * Computes a picture's look (core/look.ts) from its decoded pixels with sharp: a 4 x 4 and a 64 x 64
 * shrink of the model rendition, about a millisecond a photo.
 */
import type { Sharp } from 'sharp';
import { LOOK_LAYOUT, LOOK_PALETTE } from '../../core/look.ts';

const GRID = 4;
const SAMPLE = 64;
const HUES = 12;
const GREYS = 4;
/** Below this saturation a pixel counts as grey. */
const GREY_SATURATION = 0.15;
const FLAT_EDGE = 4 / 255;
const STRONG_EDGE = 64 / 255;

/** `image` is a sharp pipeline over the picture (it is cloned, not consumed). */
export async function computeLook(image: Sharp): Promise<number[]> {
  const [grid, sample] = await Promise.all([
    image.clone().removeAlpha().resize(GRID, GRID, { fit: 'fill' }).raw().toBuffer(),
    image.clone().removeAlpha().resize(SAMPLE, SAMPLE, { fit: 'fill' }).raw().toBuffer(),
  ]);
  return [...layout(grid), ...palette(sample), ...texture(sample)].map(
    (value) => Math.round(value * 1e4) / 1e4,
  );
}

function layout(pixels: Buffer): number[] {
  const values: number[] = [];
  for (let index = 0; index < GRID * GRID; index += 1) {
    const [r, g, b] = rgb(pixels, index);
    values.push((r + g + b) / 3, (r - g) / 2 + 0.5, ((r + g) / 2 - b) / 2 + 0.5);
  }
  if (values.length !== LOOK_LAYOUT) throw new Error('look layout size changed');
  return values;
}

function palette(pixels: Buffer): number[] {
  const bins = new Array<number>(HUES + GREYS).fill(0);
  const count = pixels.length / 3;
  for (let index = 0; index < count; index += 1) {
    const [r, g, b] = rgb(pixels, index);
    const { hue, saturation, lightness } = hsl(r, g, b);
    if (saturation < GREY_SATURATION) {
      addTo(bins, HUES + Math.min(GREYS - 1, Math.floor(lightness * GREYS)), 1);
    } else {
      // Split by saturation: a faint tint is partly grey.
      const bin = Math.floor((hue / 360) * HUES) % HUES;
      addTo(bins, bin, saturation);
      addTo(bins, HUES + Math.min(GREYS - 1, Math.floor(lightness * GREYS)), 1 - saturation);
    }
  }
  const total = bins.reduce((sum, value) => sum + value, 0) || 1;
  const values = bins.map((value) => value / total);
  if (values.length !== LOOK_PALETTE) throw new Error('look palette size changed');
  return values;
}

function addTo(bins: number[], bin: number, amount: number): void {
  bins[bin] = (bins[bin] ?? 0) + amount;
}

function texture(pixels: Buffer): number[] {
  let edges = 0;
  let flat = 0;
  let strong = 0;
  let saturation = 0;
  let counted = 0;
  const grey = (x: number, y: number) => {
    const [r, g, b] = rgb(pixels, y * SAMPLE + x);
    return (r + g + b) / 3;
  };
  for (let y = 0; y < SAMPLE; y += 1) {
    for (let x = 0; x < SAMPLE; x += 1) {
      const [r, g, b] = rgb(pixels, y * SAMPLE + x);
      saturation += hsl(r, g, b).saturation;
      if (x === SAMPLE - 1 || y === SAMPLE - 1) continue;
      const here = grey(x, y);
      const edge = (Math.abs(grey(x + 1, y) - here) + Math.abs(grey(x, y + 1) - here)) / 2;
      edges += edge;
      if (edge < FLAT_EDGE) flat += 1;
      if (edge > STRONG_EDGE) strong += 1;
      counted += 1;
    }
  }
  return [
    Math.min(1, (edges / counted) * 4),
    flat / counted,
    Math.min(1, (strong / counted) * 4),
    saturation / (SAMPLE * SAMPLE),
  ];
}

function rgb(pixels: Buffer, index: number): [number, number, number] {
  return [
    (pixels[index * 3] ?? 0) / 255,
    (pixels[index * 3 + 1] ?? 0) / 255,
    (pixels[index * 3 + 2] ?? 0) / 255,
  ];
}

function hsl(r: number, g: number, b: number): { hue: number; saturation: number; lightness: number } {
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 2;
  const chroma = max - min;
  if (chroma === 0) return { hue: 0, saturation: 0, lightness };
  const saturation = chroma / (1 - Math.abs(2 * lightness - 1) || 1);
  let hue: number;
  if (max === r) hue = ((g - b) / chroma + 6) % 6;
  else if (max === g) hue = (b - r) / chroma + 2;
  else hue = (r - g) / chroma + 4;
  return { hue: hue * 60, saturation: Math.min(1, saturation), lightness };
}
