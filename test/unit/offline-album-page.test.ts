/**
 * The offline page design: from facts alone (dates, places, the cover's look, shapes), the same album
 * always gets the same page, and it is a page the validator keeps as it is.
 */
import { PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import { reconcileStoredSpec } from '../../lambdas/core/album-page-spec.ts';
import { LOOK_LENGTH } from '../../lambdas/core/look.ts';
import {
  NEUTRAL_PALETTE,
  type OfflinePageInput,
  offlineAlbumPage,
  type PagePhotoFacts,
  paletteFromLook,
} from '../../lambdas/core/offline-album-page.ts';
import { AA_CONTRAST, contrast, hexToRgb } from '../../lambdas/core/page-colours.ts';

/** A look whose 16 grid cells all hold one RGB colour, with the given hue shares (12 bins). */
function lookOf(rgb: [number, number, number], hueShares: Record<number, number> = {}): number[] {
  const [r, g, b] = rgb;
  const cell = [(r + g + b) / 3, (r - g) / 2 + 0.5, ((r + g) / 2 - b) / 2 + 0.5];
  const look = new Array<number>(LOOK_LENGTH).fill(0);
  for (let index = 0; index < 16; index += 1) look.splice(index * 3, 3, ...cell);
  for (const [bin, share] of Object.entries(hueShares)) look[48 + Number(bin)] = share;
  return look;
}

const at = (iso: string) => new Date(iso);
const lisbon = { city: 'Lisbon', country: 'Portugal' };
const porto = { city: 'Porto', country: 'Portugal' };

function photo(
  id: string,
  takenAt: string | null,
  place: PagePhotoFacts['place'] = lisbon,
  shape: [number, number] = [4000, 3000],
): PagePhotoFacts {
  return { id, takenAt: takenAt ? at(takenAt) : null, place, width: shape[0], height: shape[1], look: null };
}

const trip: OfflinePageInput = {
  title: 'Portugal',
  description: '',
  coverImageId: 'c',
  photos: [
    { ...photo('c', '2025-05-03T10:00:00Z'), look: lookOf([0.1, 0.3, 0.7], { 7: 0.6 }) },
    photo('a', '2025-05-03T12:00:00Z'),
    photo('b', '2025-05-03T18:00:00Z'),
    photo('d', '2025-05-04T09:00:00Z', porto),
    photo('e', '2025-05-04T11:00:00Z', porto),
    photo('u', null, null),
  ],
};

describe('offlineAlbumPage', () => {
  it('is deterministic: the same album gives the same spec', () => {
    expect(offlineAlbumPage(trip)).toEqual(offlineAlbumPage(structuredClone(trip)));
  });

  it('leads with the cover and makes sections by day and place, undated photos last', () => {
    const spec = offlineAlbumPage(trip);
    expect(spec.leadImageIds).toEqual(['c']);
    expect(spec.sections).toEqual([
      { title: 'Saturday 3 May · Lisbon', caption: '2 photos in Portugal', imageIds: ['a', 'b'] },
      { title: 'Sunday 4 May · Porto', caption: '2 photos in Portugal', imageIds: ['d', 'e'] },
      { title: 'More moments', caption: '1 photo', imageIds: ['u'] },
    ]);
  });

  it('headlines the album title and introduces it with its description, or a sentence from its facts', () => {
    const spec = offlineAlbumPage(trip);
    expect(spec.headline).toBe('Portugal');
    expect(spec.introduction).toBe('6 photos taken from 3 May 2025 to 4 May 2025 in Lisbon and Porto.');
    expect(offlineAlbumPage({ ...trip, description: 'A long weekend.' }).introduction).toBe(
      'A long weekend.',
    );
    expect(offlineAlbumPage({ ...trip, title: '  ' }).headline).toBe('Untitled album');
  });

  it('is a spec the validator keeps exactly as it is', () => {
    const spec = offlineAlbumPage(trip);
    const checked = reconcileStoredSpec(
      spec,
      trip.photos.map((p) => p.id),
      spec,
    );
    expect(checked.repairs).toEqual([]);
    expect(checked.spec).toEqual(spec);
  });

  it('takes its palette from the cover: a light blue picture gives a pale blue ground and a blue accent', () => {
    const { palette } = offlineAlbumPage(trip);
    const [r, g, b] = hexToRgb(palette.background);
    expect(b).toBeGreaterThan(r);
    expect(r + g + b).toBeLessThan(3);
    const [ar, , ab] = hexToRgb(palette.accent);
    expect(ab).toBeGreaterThan(ar);
    expect(contrast(palette.text, palette.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(contrast(palette.accent, palette.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('gives a dark picture a dark ground with light text, and a grey one a grey accent', () => {
    const dark = paletteFromLook(lookOf([0.1, 0.05, 0.05], { 0: 0.3 }));
    expect(hexToRgb(dark.background).every((channel) => channel < 0.2)).toBe(true);
    expect(contrast(dark.text, dark.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
    expect(hexToRgb(dark.text)[0]).toBeGreaterThan(0.8);
    const grey = paletteFromLook(lookOf([0.6, 0.6, 0.6]));
    const [r, g, b] = hexToRgb(grey.accent);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(0.05);
    expect(contrast(grey.accent, grey.background)).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('falls back to a neutral palette when the cover has no look, and handles an empty album', () => {
    expect(
      offlineAlbumPage({ ...trip, photos: trip.photos.map((p) => ({ ...p, look: null })) }).palette,
    ).toEqual(NEUTRAL_PALETTE);
    const empty = offlineAlbumPage({ title: 'Empty', description: '', coverImageId: null, photos: [] });
    expect(empty).toMatchObject({ leadImageIds: [], sections: [], introduction: '' });
  });

  it('picks the layout by count and shape', () => {
    const many = (count: number, shape: [number, number]) =>
      Array.from({ length: count }, (_, index) =>
        photo(`p${index}`, `2025-05-03T${String(10 + (index % 10)).padStart(2, '0')}:00:00Z`, lisbon, shape),
      );
    const layout = (photos: PagePhotoFacts[]) =>
      offlineAlbumPage({ title: 't', description: '', coverImageId: null, photos }).layout;
    expect(layout(many(3, [4000, 3000]))).toBe('story');
    expect(layout(many(12, [3000, 4000]))).toBe('mosaic');
    expect(layout(many(40, [4000, 3000]))).toBe('grid');
    expect(layout(many(10, [6000, 3000]))).toBe('filmstrip');
  });

  it('merges days past the section limit, the smallest neighbours first', () => {
    const days = Array.from({ length: 40 }, (_, index) =>
      photo(`p${index}`, new Date(Date.UTC(2025, 0, 1 + index, 12)).toISOString()),
    );
    const spec = offlineAlbumPage({ title: 't', description: '', coverImageId: 'p0', photos: days });
    expect(spec.sections).toHaveLength(PAGE_LIMITS.sections);
    expect(spec.sections.flatMap((section) => section.imageIds)).toEqual(days.slice(1).map((p) => p.id));
    expect(spec.sections[0]?.title).toMatch(/^Thursday 2 January – \w+ \d+ January · Lisbon$/);
  });

  it('names the year when the album spans several', () => {
    const spec = offlineAlbumPage({
      title: 't',
      description: '',
      coverImageId: 'a',
      photos: [
        photo('a', '2024-12-31T12:00:00Z'),
        photo('b', '2024-12-31T13:00:00Z'),
        photo('c', '2025-01-01T12:00:00Z'),
      ],
    });
    expect(spec.sections.map((section) => section.title)).toEqual([
      'Tuesday 31 December 2024 · Lisbon',
      'Wednesday 1 January 2025 · Lisbon',
    ]);
  });
});
