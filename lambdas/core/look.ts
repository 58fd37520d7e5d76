/**
 * A photo's look: a short list of numbers (0–1) that says what a picture looks like without knowing
 * what it shows, so that pictures with no date, place or face can still be grouped with those that
 * look alike (a set of wallpapers, scanned documents, flowers). Ingest computes it (with sharp); the
 * offline organizer compares it.
 *
 * Layout (LOOK_LAYOUT numbers): a 4 x 4 grid of mean colours in an opponent colour space (lightness,
 *   red–green, yellow–blue), so that "dark top, green bottom" is near another such picture.
 * Palette (LOOK_PALETTE): how much of the picture is each of 12 hues (weighted by saturation), and
 *   each of 4 greys.
 * Texture (LOOK_TEXTURE): mean edge strength, share of flat pixels, share of strong edges, mean
 *   saturation — graphics and documents are flat with sharp edges, photos are neither.
 */

export const LOOK_LAYOUT = 48;
export const LOOK_PALETTE = 16;
export const LOOK_TEXTURE = 4;
export const LOOK_LENGTH = LOOK_LAYOUT + LOOK_PALETTE + LOOK_TEXTURE;

/** 0 for the same look, 1 for opposites: the mean of the three parts' distances. */
export function lookDistance(a: readonly number[], b: readonly number[]): number {
  const part = (start: number, end: number) => {
    let sum = 0;
    for (let index = start; index < end; index += 1) sum += Math.abs((a[index] ?? 0) - (b[index] ?? 0));
    return sum;
  };
  const layout = part(0, LOOK_LAYOUT) / LOOK_LAYOUT;
  // Two palettes each sum to 1: half their L1 distance is the share of the picture that differs.
  const palette = part(LOOK_LAYOUT, LOOK_LAYOUT + LOOK_PALETTE) / 2;
  const texture = part(LOOK_LAYOUT + LOOK_PALETTE, LOOK_LENGTH) / LOOK_TEXTURE;
  return (layout + palette + texture) / 3;
}

/** The picture's mean lightness (0 black – 1 white), from the layout grid. */
export function lookLightness(look: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < LOOK_LAYOUT; index += 3) sum += look[index] ?? 0;
  return sum / (LOOK_LAYOUT / 3);
}

/** The texture part, by name. */
export function lookTexture(look: readonly number[]): {
  edges: number;
  flat: number;
  strongEdges: number;
  saturation: number;
} {
  const at = (offset: number) => look[LOOK_LAYOUT + LOOK_PALETTE + offset] ?? 0;
  return { edges: at(0), flat: at(1), strongEdges: at(2), saturation: at(3) };
}

/** Light, grey and drawn with edges: a page, a note, a receipt. */
export function looksLikeDocument(look: readonly number[] | null | undefined): boolean {
  if (!look || look.length === 0) return false;
  const { edges, saturation } = lookTexture(look);
  return lookLightness(look) >= 0.55 && saturation <= 0.12 && edges >= 0.1;
}
