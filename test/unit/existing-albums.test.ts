/** Which existing albums a job's planner is offered: near in time, same town, made by the user, undated for undated. */
import { chooseExistingAlbums } from '../../lambdas/core/existing-albums.ts';
import type { AlbumSummary, PlannerPhoto } from '../../lambdas/core/ports.ts';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
let next = 0;
const album = (
  title: string,
  span: [string, string] | null,
  extra: Partial<AlbumSummary> = {},
): AlbumSummary => ({
  id: `id-${next++}`,
  title,
  description: '',
  from: span ? day(span[0]) : null,
  until: span ? day(span[1]) : null,
  places: [],
  photoCount: 5,
  madeByUser: false,
  coverModelKey: null,
  updatedAt: new Date('2026-06-01T00:00:00Z'),
  ...extra,
});
const photo = (taken: string | null, place: PlannerPhoto['place'] = null): PlannerPhoto => ({
  ref: 'p1',
  image: { bytes: new Uint8Array(), mimeType: 'image/jpeg' },
  takenAt: taken ? day(taken) : null,
  place,
  camera: null,
});
const titles = (albums: AlbumSummary[]) => albums.map((a) => a.title);

test('offers albums within three days of a new photo, closest first, and not the far ones', () => {
  const albums = [
    album('Two days later', ['2026-05-04', '2026-05-05']),
    album('Same days', ['2026-05-01', '2026-05-03']),
    album('A week before', ['2026-04-20', '2026-04-24']),
  ];
  expect(titles(chooseExistingAlbums(albums, [photo('2026-05-02')]))).toEqual([
    'Same days',
    'Two days later',
  ]);
});

test('offers an album from the same town whatever its dates, and every album the user made', () => {
  const porto = { city: 'Porto', country: 'Portugal' };
  const albums = [
    album('Porto 2019', ['2019-05-01', '2019-05-03'], { places: [porto] }),
    album('Lisbon 2019', ['2019-05-01', '2019-05-03'], { places: [{ city: 'Lisbon', country: 'Portugal' }] }),
    album('Dogs', null, { madeByUser: true }),
  ];
  expect(titles(chooseExistingAlbums(albums, [photo('2026-05-02', porto)]))).toEqual(['Porto 2019', 'Dogs']);
});

test('offers undated albums only when some new photos are undated', () => {
  const albums = [album('Undated photos', null), album('Screenshots', null)];
  expect(chooseExistingAlbums(albums, [photo('2026-05-02')])).toEqual([]);
  expect(titles(chooseExistingAlbums(albums, [photo('2026-05-02'), photo(null)]))).toEqual(
    expect.arrayContaining(['Undated photos', 'Screenshots']),
  );
});

test('offers at most the cap, the closest', () => {
  const albums = Array.from({ length: 30 }, (_, index) =>
    album(`Day ${index}`, [
      `2026-05-${String(index + 1).padStart(2, '0')}`,
      `2026-05-${String(index + 1).padStart(2, '0')}`,
    ]),
  );
  const photos = Array.from({ length: 30 }, (_, index) =>
    photo(`2026-05-${String(index + 1).padStart(2, '0')}`),
  );
  expect(chooseExistingAlbums(albums, photos, 20)).toHaveLength(20);
  expect(titles(chooseExistingAlbums(albums, [photo('2026-05-10')], 2))).toEqual(['Day 9', 'Day 8']);
});
