/** The offline organizer joins new photos to albums the person already has, by span and place or by title. */
import { createOfflineAlbumPlanner } from '../../lambdas/adapters/offline/offline-album-planner.ts';
import { repairAlbumPlan } from '../../lambdas/core/album-plan.ts';
import type { ExistingAlbum, PlannerPhoto } from '../../lambdas/core/ports.ts';

const porto = { city: 'Porto', country: 'Portugal' };
const lisbon = { city: 'Lisbon', country: 'Portugal' };
const photo = (
  ref: string,
  taken: string | null,
  place: PlannerPhoto['place'] = null,
  extra: Partial<PlannerPhoto> = {},
): PlannerPhoto => ({
  ref,
  image: { bytes: new Uint8Array(), mimeType: 'image/jpeg' },
  takenAt: taken ? new Date(taken) : null,
  place,
  camera: null,
  ...extra,
});
const existing = (
  ref: string,
  title: string,
  span: [string, string] | null,
  places = [porto],
): ExistingAlbum => ({
  ref,
  title,
  description: '',
  from: span ? new Date(span[0]) : null,
  until: span ? new Date(span[1]) : null,
  places,
  photoCount: 10,
  madeByUser: false,
  cover: null,
});

async function plan(photos: PlannerPhoto[], albums: ExistingAlbum[]) {
  const answer = await createOfflineAlbumPlanner().plan(photos, albums);
  return repairAlbumPlan(
    answer.raw,
    photos.map((p) => p.ref),
    albums.map((a) => a.ref),
  ).albums.map((a) => [a.joins ?? 'new', a.refs]);
}

test('a lone photo of the night before joins the next day’s album instead of standing alone (the 19/20 April case)', async () => {
  const albums = [existing('a1', 'Saturday 20 April 2008', ['2008-04-20T09:00:00Z', '2008-04-20T18:00:00Z'])];
  expect(await plan([photo('p1', '2008-04-19T22:30:00Z', porto)], albums)).toEqual([['a1', ['p1']]]);
});

test('an event continuing an album within hours joins it; one days later, or in another town, is new', async () => {
  const albums = [existing('a1', 'Porto weekend', ['2026-05-01T10:00:00Z', '2026-05-02T20:00:00Z'])];
  const continuing = [
    photo('p1', '2026-05-03T08:00:00Z', porto),
    photo('p2', '2026-05-03T09:00:00Z', porto),
    photo('p3', '2026-05-03T10:00:00Z', porto),
  ];
  expect(await plan(continuing, albums)).toEqual([['a1', ['p1', 'p2', 'p3']]]);
  const later = continuing.map((p, i) => photo(p.ref, `2026-05-09T0${i + 1}:00:00Z`, porto));
  expect((await plan(later, albums)).map(([joins]) => joins)).toEqual(['new']);
  const elsewhere = continuing.map((p) => ({ ...p, place: lisbon }));
  expect((await plan(elsewhere, albums)).map(([joins]) => joins)).toEqual(['new']);
});

test('undated photos join the existing "Undated photos", and screenshots the existing "Screenshots"', async () => {
  const albums = [existing('a1', 'Undated photos', null, []), existing('a2', 'Screenshots', null, [])];
  const photos = [
    photo('p1', null),
    photo('p2', '2026-05-01T10:00:00Z', null, { screenshot: true }),
    photo('p3', '2026-05-02T10:00:00Z', null, { screenshot: true }),
  ];
  expect(await plan(photos, albums)).toEqual([
    ['a2', ['p2', 'p3']],
    ['a1', ['p1']],
  ]);
});
