import { scoreAlbums } from '../../bench/support/album-scores.ts';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('album scores', () => {
  it('scores a perfect organizer 1 on every count', () => {
    const labels = map({ a: 'x', b: 'x', c: 'y', d: 'y', e: 'z' });
    expect(scoreAlbums(labels, map({ a: '1', b: '1', c: '2', d: '2', e: '3' }))).toEqual({
      precision: 1,
      recall: 1,
      f1: 1,
      ari: 1,
      albums: 3,
      needlessSingletons: 0,
    });
  });

  it('counts pairs: splitting a group costs recall, merging two costs precision', () => {
    const labels = map({ a: 'x', b: 'x', c: 'x', d: 'y', e: 'y' });
    // x split into {a,b} and {c}: 1 of x's 3 pairs kept, plus y's 1; nothing wrongly joined.
    const split = scoreAlbums(labels, map({ a: '1', b: '1', c: '2', d: '3', e: '3' }));
    expect(split).toMatchObject({ precision: 1, recall: 0.5, needlessSingletons: 1 });
    // Everything in one album: all 4 labelled pairs found among 10.
    const lumped = scoreAlbums(labels, map({ a: '1', b: '1', c: '1', d: '1', e: '1' }));
    expect(lumped).toMatchObject({ precision: 0.4, recall: 1, ari: 0 });
  });

  it('gives chance-level agreement an adjusted Rand index near 0, and the textbook value on a known case', () => {
    // Hubert & Arabie's example as computed by scikit-learn's adjusted_rand_score([0,0,1,1],[0,0,1,2]): 0.5714…
    const labels = map({ a: '0', b: '0', c: '1', d: '1' });
    expect(scoreAlbums(labels, map({ a: '0', b: '0', c: '1', d: '2' })).ari).toBeCloseTo(4 / 7, 10);
  });

  it('refuses albums that do not place every photo exactly once', () => {
    expect(() => scoreAlbums(map({ a: 'x', b: 'x' }), map({ a: '1' }))).toThrow(/every labelled photo/);
  });
});
