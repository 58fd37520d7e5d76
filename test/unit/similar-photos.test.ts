/** Stacking near duplicates: the rule, on hashes and looks written out by hand. */
import { LOOK_LENGTH } from '../../lambdas/core/look.ts';
import {
  BURST_WINDOW_MS,
  EDITED_BITS,
  type LikenessPhoto,
  SAME_PICTURE_BITS,
  stackSimilar,
} from '../../lambdas/core/similar-photos.ts';

const base = 'a5c3f00f5a3c96e1'; // 32 ones: a picture with structure
/** `base` with its first `bits` bits flipped. */
function flipped(bits: number, hash = base): string {
  let value = BigInt(`0x${hash}`);
  for (let bit = 0; bit < bits; bit += 1) value ^= 1n << BigInt(63 - bit);
  return value.toString(16).padStart(16, '0');
}
/** A look: a layout of one shade, and all of the palette in one hue. */
const look = (shade: number, hue = 0) =>
  Array.from({ length: LOOK_LENGTH }, (_, index) =>
    index < 48 ? shade : index < 64 ? (index - 48 === hue ? 1 : 0) : 0.2,
  );

let next = 0;
function photo(overrides: Partial<LikenessPhoto> = {}): LikenessPhoto {
  next += 1;
  return {
    id: `p${String(next).padStart(3, '0')}`,
    perceptualHash: base,
    look: look(0.5),
    width: 4000,
    height: 3000,
    sizeBytes: 3_000_000,
    takenAt: null,
    createdAt: new Date(Date.UTC(2026, 4, 1, 12, 0, next)),
    ...overrides,
  };
}

describe('stackSimilar', () => {
  it('stacks a re-save and a resize with their original, best first: most pixels, then bytes, then earliest', () => {
    const original = photo({ width: 4000, height: 3000, sizeBytes: 3_000_000 });
    const resized = photo({ perceptualHash: flipped(2), width: 2000, height: 1500, sizeBytes: 900_000 });
    const resaved = photo({ perceptualHash: flipped(1), sizeBytes: 2_000_000 });
    const sameAgain = photo({ sizeBytes: 3_000_000 }); // uploaded later than the original
    const other = photo({ perceptualHash: flipped(30), look: look(0.1, 5) });
    expect(stackSimilar([resized, other, resaved, original, sameAgain])).toEqual([
      { imageIds: [original.id, sameAgain.id, resaved.id, resized.id] },
    ]);
  });

  it(`takes up to ${SAME_PICTURE_BITS} bits apart whatever the look (a greyscale copy), more only when they look alike`, () => {
    const colour = photo();
    const grey = photo({ perceptualHash: flipped(SAME_PICTURE_BITS), look: look(0.9, 12) });
    expect(stackSimilar([colour, grey])).toHaveLength(1);
    const edited = photo({ perceptualHash: flipped(EDITED_BITS), look: look(0.52) });
    expect(stackSimilar([colour, edited])).toHaveLength(1);
    const unlike = photo({ perceptualHash: flipped(EDITED_BITS), look: look(0.5, 3) });
    expect(stackSimilar([colour, unlike])).toEqual([]);
    const farther = photo({ perceptualHash: flipped(EDITED_BITS + 1), look: look(0.5) });
    expect(stackSimilar([colour, farther])).toEqual([]);
  });

  it('never stacks pictures without structure: flat, gradient or striped hashes match each other and mean nothing', () => {
    const flat = [
      photo({ perceptualHash: '0000000000000000' }),
      photo({ perceptualHash: '0000000000000000' }),
      photo({ perceptualHash: '0000000000000001' }),
      photo({ perceptualHash: 'ffffffffffffffff' }),
      photo({ perceptualHash: 'fffffffffffffffe' }),
    ];
    expect(stackSimilar(flat)).toEqual([]);
  });

  it('stacks a burst (a little farther apart, all but the same look) only when taken within minutes', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 6, 4, 20, minutes));
    const first = photo({ takenAt: at(0) });
    const second = photo({ perceptualHash: flipped(15), takenAt: at(1), look: look(0.51) });
    expect(stackSimilar([first, second])).toHaveLength(1);
    const later = photo({
      perceptualHash: flipped(15),
      takenAt: new Date(at(0).getTime() + BURST_WINDOW_MS + 60_000),
      look: look(0.51),
    });
    expect(stackSimilar([first, later])).toEqual([]);
    const undated = photo({ perceptualHash: flipped(15), look: look(0.51) });
    expect(stackSimilar([first, undated])).toEqual([]);
  });

  it('without a look (photos read before looks were kept) only the same picture stacks', () => {
    const a = photo({ look: null });
    expect(stackSimilar([a, photo({ look: null, perceptualHash: flipped(3) })])).toHaveLength(1);
    expect(stackSimilar([a, photo({ look: [], perceptualHash: flipped(8) })])).toEqual([]);
    expect(stackSimilar([a, photo({ perceptualHash: null })])).toEqual([]);
  });

  it('chains a burst frame by frame into one stack, and keeps groups in the order their photos come', () => {
    const frames = [0, 4, 8, 12].map((bits) => photo({ perceptualHash: flipped(bits, base) }));
    const other = 'c3a55a3c0ff096e1';
    const pair = [photo({ perceptualHash: other }), photo({ perceptualHash: flipped(1, other) })];
    const stacks = stackSimilar([pair[0] as LikenessPhoto, ...frames, pair[1] as LikenessPhoto]);
    expect(stacks.map((stack) => stack.imageIds.length)).toEqual([2, 4]);
  });

  it(`compares 5,000 photos in well under a second`, () => {
    const many = Array.from({ length: 5000 }, (_, index) =>
      photo({
        perceptualHash: (BigInt(index) * 0x9e3779b97f4a7c15n).toString(16).slice(-16).padStart(16, '0'),
      }),
    );
    const started = performance.now();
    stackSimilar(many);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
