/** Near duplicates as the album view and the review screen see them, over strict in-memory fakes. */
import { LOOK_LENGTH } from '../../lambdas/core/look.ts';
import { originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { getGallery } from '../../lambdas/core/use-cases/get-gallery.ts';
import {
  listSimilarGroups,
  MAX_SIMILAR_GROUPS,
  SIMILAR_SCAN_LIMIT,
} from '../../lambdas/core/use-cases/review-similar.ts';
import {
  FakeUrlSigner,
  InMemoryAlbums,
  InMemoryPhotos,
  ManualClock,
  newId,
} from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();
const look = Array.from({ length: LOOK_LENGTH }, () => 0.3);
const beach = 'a5c3f00f5a3c96e1';
const resavedBeach = 'a5c3f00f5a3c96e3'; // one bit off
const tram = '3c96e1a5c3f00f5a';

function setup() {
  const clock = new ManualClock('2026-05-01T08:00:00.000Z');
  const photos = new InMemoryPhotos({ clock });
  const albums = new InMemoryAlbums(photos, { clock });
  const deps = { gallery: albums, urls: new FakeUrlSigner() };

  /** A ready photo with this perceptual hash, uploaded a second after the previous one. */
  async function ready(ownerId: string, hash: string, size = { width: 1024, height: 768, bytes: 500_000 }) {
    clock.advance(1000);
    const id = newId();
    const key = originalKey(ownerId, id, 'image/jpeg');
    await photos.addAwaitingUpload([
      {
        id,
        ownerId,
        storageKey: key,
        originalFilename: `${id}.jpg`,
        contentType: 'image/jpeg',
        sizeBytes: size.bytes,
      },
    ]);
    photos.recordAnalysis({
      imageId: id,
      previewKey: previewKey(key),
      thumbnailKey: thumbnailKey(key),
      width: size.width,
      height: size.height,
      takenAt: null,
      place: null,
    });
    Object.assign(photos.rows.get(id) as object, { look });
    photos.fingerprints.set(id, { sha256: id, perceptualHash: hash });
    return id;
  }
  return { deps, photos, albums, ready, clock };
}

describe('near duplicates in an album', () => {
  it('lists every photo and stacks the copies, best (most pixels) first; stacks stay inside the album', async () => {
    const { deps, albums, ready } = setup();
    const small = await ready(ana, resavedBeach, { width: 800, height: 600, bytes: 90_000 });
    const big = await ready(ana, beach, { width: 4000, height: 3000, bytes: 3_000_000 });
    const other = await ready(ana, tram);
    const elsewhere = await ready(ana, beach);
    const album = albums.insert({ ownerId: ana, title: 'Coast', imageIds: [small, other, big] });
    albums.insert({ ownerId: ana, title: 'Else', imageIds: [elsewhere] });

    const gallery = await getGallery(deps, ana, ana);
    const coast = gallery.find((entry) => entry.id === album);
    expect(coast?.photos.map((photo) => photo.id)).toEqual([small, other, big]);
    expect(coast?.stacks).toEqual([{ imageIds: [big, small] }]);
    expect(coast?.photos[0]).not.toHaveProperty('likeness');
    expect(gallery.find((entry) => entry.id !== album)?.stacks).toEqual([]);
  });
});

describe('listSimilarGroups (the review screen)', () => {
  it('groups the library’s near duplicates across albums, best first, with signed URLs, size and upload time', async () => {
    const { deps, ready } = setup();
    const first = await ready(ana, beach, { width: 800, height: 600, bytes: 90_000 });
    await ready(ana, tram);
    const second = await ready(ana, resavedBeach, { width: 4000, height: 3000, bytes: 3_000_000 });
    await ready(bob, beach); // someone else's copy is not the caller's
    const found = await listSimilarGroups(deps, ana);
    expect(found).toMatchObject({ scannedPhotos: 3, morePhotos: false, moreGroups: false });
    expect(found.groups.map((group) => group.map((photo) => photo.id))).toEqual([[second, first]]);
    expect(found.groups[0]?.[0]).toMatchObject({
      width: 4000,
      sizeBytes: 3_000_000,
      createdAt: expect.any(Date),
      thumbnailUrl: expect.stringContaining('thumbnail.jpg'),
    });
    expect(found.groups[0]?.[0]).not.toHaveProperty('likeness');
  });

  it('leaves out photos in the Trash, photos not organized yet, and other users’ photos', async () => {
    const { deps, ready, photos } = setup();
    const kept = await ready(ana, beach);
    const trashed = await ready(ana, beach);
    Object.assign(photos.rows.get(trashed) as object, { trashedAt: new Date() });
    const waiting = await ready(ana, beach);
    Object.assign(photos.rows.get(waiting) as object, { status: 'analyzed' });
    await ready(bob, beach);
    expect((await listSimilarGroups(deps, ana)).groups).toEqual([]);
    const again = await ready(ana, resavedBeach);
    expect(
      (await listSimilarGroups(deps, ana)).groups.map((group) => group.map((photo) => photo.id).sort()),
    ).toEqual([[kept, again].sort()]);
  });

  it(`compares the newest ${SIMILAR_SCAN_LIMIT} photos and answers at most ${MAX_SIMILAR_GROUPS} groups, saying so`, async () => {
    const { deps, ready } = setup();
    const oldCopy = await ready(ana, tram);
    for (let pair = 0; pair < MAX_SIMILAR_GROUPS + 10; pair += 1) {
      const hash = (BigInt(pair + 1) * 0x9e3779b97f4a7c15n).toString(16).slice(-16).padStart(16, '0');
      await ready(ana, hash);
      await ready(ana, hash);
    }
    for (let filler = 0; filler < SIMILAR_SCAN_LIMIT - 2 * (MAX_SIMILAR_GROUPS + 10); filler += 1)
      await ready(
        ana,
        (BigInt(filler + 7_000) * 0x9e3779b97f4a7c15n).toString(16).slice(-16).padStart(16, '0'),
      );
    await ready(ana, tram); // the old copy's twin is among the newest, the old copy is not
    const found = await listSimilarGroups(deps, ana);
    expect(found).toMatchObject({ scannedPhotos: SIMILAR_SCAN_LIMIT, morePhotos: true, moreGroups: true });
    expect(found.groups).toHaveLength(MAX_SIMILAR_GROUPS);
    expect(found.groups.flat().map((photo) => photo.id)).not.toContain(oldCopy);
  });
});
