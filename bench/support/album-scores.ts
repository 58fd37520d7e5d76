/**
 * How close an organizer's albums come to the albums a person labelled, counted over pairs of photos:
 * a pair is "together" in the labels or in the albums. Pairwise precision (pairs put together that
 * belong together), recall (pairs that belong together and were put together), F1, and the adjusted
 * Rand index (agreement on every pair, corrected for chance; 1 is perfect, 0 what chance gives).
 */
export interface AlbumScores {
  precision: number;
  recall: number;
  f1: number;
  ari: number;
  albums: number;
  /** Albums of one photo whose photo has a labelled group of two or more. */
  needlessSingletons: number;
}

const pairs = (count: number) => (count * (count - 1)) / 2;

/** `labels` and `albums` map each photo to its group; both must name the same photos. */
export function scoreAlbums(
  labels: ReadonlyMap<string, string>,
  albums: ReadonlyMap<string, string>,
): AlbumScores {
  if (labels.size !== albums.size || [...labels.keys()].some((photo) => !albums.has(photo)))
    throw new Error('the albums must place every labelled photo exactly once');
  const cells = new Map<string, number>();
  const labelSizes = new Map<string, number>();
  const albumSizes = new Map<string, number>();
  for (const [photo, label] of labels) {
    const album = albums.get(photo) as string;
    const cell = `${label}\u0000${album}`;
    cells.set(cell, (cells.get(cell) ?? 0) + 1);
    labelSizes.set(label, (labelSizes.get(label) ?? 0) + 1);
    albumSizes.set(album, (albumSizes.get(album) ?? 0) + 1);
  }
  const together = [...cells.values()].reduce((sum, count) => sum + pairs(count), 0);
  const labelled = [...labelSizes.values()].reduce((sum, count) => sum + pairs(count), 0);
  const grouped = [...albumSizes.values()].reduce((sum, count) => sum + pairs(count), 0);
  const precision = grouped === 0 ? 1 : together / grouped;
  const recall = labelled === 0 ? 1 : together / labelled;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const all = pairs(labels.size);
  const expected = all === 0 ? 0 : (labelled * grouped) / all;
  const maximum = (labelled + grouped) / 2;
  const ari = maximum === expected ? 1 : (together - expected) / (maximum - expected);
  let needlessSingletons = 0;
  for (const [photo, album] of albums)
    if (albumSizes.get(album) === 1 && (labelSizes.get(labels.get(photo) as string) ?? 0) > 1)
      needlessSingletons++;
  return { precision, recall, f1, ari, albums: albumSizes.size, needlessSingletons };
}
