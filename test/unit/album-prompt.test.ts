/** What Gemini is told about each photo: coarse facts only, people as numbers local to the call. */
import { buildAlbumContents } from '../../lambdas/adapters/gemini/album-prompt.ts';
import type { PlannerPhoto } from '../../lambdas/core/ports.ts';

const photo = (ref: string, people: string[] = []): PlannerPhoto => ({
  ref,
  image: { bytes: new Uint8Array([1]), mimeType: 'image/jpeg' },
  takenAt: new Date('2026-05-02T14:32:00Z'),
  place: { city: 'Porto', country: 'Portugal' },
  camera: null,
  people,
});

const lines = (photos: PlannerPhoto[]) =>
  (buildAlbumContents(photos)[0]?.parts ?? []).flatMap((part) =>
    part.text?.startsWith('Photo ') ? [part.text] : [],
  );

test('the people a photo shows are numbered in order of appearance; their ids never leave', () => {
  const alice = '7b0c7c4e-1c1e-4c36-9d58-0a3f5e1f2a01';
  const bob = '0f6a1d2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
  const text = lines([photo('p1', [bob]), photo('p2'), photo('p3', [alice, bob])]);
  expect(text).toEqual([
    'Photo p1 · taken Sat 2026-05-02 14:32 · near Porto, Portugal · people 1',
    'Photo p2 · taken Sat 2026-05-02 14:32 · near Porto, Portugal',
    'Photo p3 · taken Sat 2026-05-02 14:32 · near Porto, Portugal · people 2, 1',
  ]);
  expect(JSON.stringify(buildAlbumContents([photo('p1', [alice])]))).not.toContain(alice);
});

test('existing albums come first: one line of coarse facts and a small cover each, ids only as refs', () => {
  const cover = { bytes: new Uint8Array([9, 9]), mimeType: 'image/jpeg' };
  const parts =
    buildAlbumContents(
      [photo('p1')],
      [
        {
          ref: 'a1',
          title: 'Porto by the river',
          description: 'Tiles and\ntrams.',
          from: new Date('2026-05-01T09:00:00Z'),
          until: new Date('2026-05-03T20:00:00Z'),
          places: [{ city: 'Porto', country: 'Portugal' }],
          photoCount: 42,
          madeByUser: false,
          cover,
        },
        {
          ref: 'a2',
          title: 'Dogs',
          description: '',
          from: null,
          until: null,
          places: [],
          photoCount: 1,
          madeByUser: true,
          cover: null,
        },
      ],
    )[0]?.parts ?? [];
  expect(parts.map((part) => part.text ?? (part.inlineData ? 'IMAGE' : '?'))).toEqual([
    'The person already has these 2 albums that new photos may join.',
    'Album a1 · "Porto by the river" · Tiles and trams. · 2026-05-01 to 2026-05-03 · near Porto, Portugal · 42 photos',
    'IMAGE',
    'Album a2 · "Dogs" · undated · 1 photo · made by the person',
    'Here are 1 photos to organize into albums.',
    'Photo p1 · taken Sat 2026-05-02 14:32 · near Porto, Portugal',
    'IMAGE',
    'Now group all 1 photos into albums.',
  ]);
});
