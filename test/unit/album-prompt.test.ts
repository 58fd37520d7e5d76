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
