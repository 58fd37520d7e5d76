/**
 * Album pages on a real PostgreSQL: facts of the owner's live album only, the owner's edits kept by
 * later designs, one design request at a time, stale and repeated worker calls harmless, and the
 * page going with its album.
 */
import { randomUUID } from 'node:crypto';
import { PostgresAlbumPageRepository } from '../../lambdas/adapters/postgres/postgres-album-page-repository.ts';
import type { AlbumPageSpec } from '../../lambdas/core/album-page.ts';
import type { DesignedPage } from '../../lambdas/core/album-page-ports.ts';
import { seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let pages: PostgresAlbumPageRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  pages = new PostgresAlbumPageRepository(testDb.db);
});
afterAll(() => testDb.destroy());

const now = new Date('2026-12-02T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

function specOf(imageIds: string[], headline = 'Designed'): AlbumPageSpec {
  return {
    layout: 'grid',
    palette: { background: '#ffffff', text: '#000000', accent: '#224488' },
    headline,
    introduction: 'By the designer.',
    leadImageIds: imageIds.slice(0, 1),
    sections: [{ title: 'All', caption: '', imageIds: imageIds.slice(1) }],
  };
}

const design = (spec: AlbumPageSpec): DesignedPage => ({
  spec,
  source: 'model',
  model: 'gemini-test',
  usage: { promptTokens: 1000, outputTokens: 200, totalTokens: 1200, estimatedCostUsd: 0.00042 },
  error: null,
});

async function album(photos = 3) {
  const library = await seedLibrary(testDb.db, photos, [Array.from({ length: photos }, (_, index) => index)]);
  return { ...library, albumId: library.albumIds[0] as string };
}

describe('facts', () => {
  it("reads the owner's live album with its photos in order, leaving out the Trash; others get null", async () => {
    const ana = await album(3);
    await testDb.db
      .updateTable('images')
      .set({ trashed_at: now, place_city: 'Lisbon', place_country: 'Portugal' })
      .where('id', '=', ana.photoIds[1] as string)
      .execute();
    await testDb.db
      .updateTable('images')
      .set({ look: [0.5, 0.5], taken_at: now })
      .where('id', '=', ana.photoIds[2] as string)
      .execute();
    const facts = await pages.facts(ana.userId, ana.albumId);
    expect(facts).toMatchObject({ albumId: ana.albumId, ownerId: ana.userId, title: 'Album 0' });
    expect(facts?.coverImageId).toBe(ana.photoIds[0]);
    expect(facts?.photos.map((photo) => photo.id)).toEqual([ana.photoIds[0], ana.photoIds[2]]);
    expect(facts?.photos[1]).toMatchObject({ takenAt: now, look: [0.5, 0.5], width: 40, height: 30 });
    expect(facts?.photos[1]?.modelKey).toContain('/model.jpg');

    const bob = await album(1);
    expect(await pages.facts(bob.userId, ana.albumId)).toBeNull();
    await testDb.db.updateTable('albums').set({ deleted_at: now }).where('id', '=', ana.albumId).execute();
    expect(await pages.facts(ana.userId, ana.albumId)).toBeNull();
  });
});

describe('edits and designs', () => {
  it('is empty and idle before anything is stored or asked', async () => {
    const ana = await album();
    expect(await pages.find(ana.userId, ana.albumId)).toEqual({
      page: null,
      job: expect.objectContaining({ status: 'idle', requestId: null, attempts: 0 }),
    });
  });

  it('stores an edit into the base design when none is stored, and keeps it through a new design', async () => {
    const ana = await album();
    const saved = await pages.edit(
      ana.userId,
      ana.albumId,
      (current) => ({ ...(current ?? specOf(ana.photoIds, 'Offline')), headline: 'Our own words' }),
      { headline: true, introduction: false },
      now,
    );
    expect(saved?.page).toMatchObject({
      source: 'offline',
      headlineEdited: true,
      introductionEdited: false,
      spec: { headline: 'Our own words' },
    });

    const asked = await pages.requestDesign(ana.userId, ana.albumId, {
      requestId: randomUUID(),
      at: now,
      busySince: later(-600),
    });
    const requestId = asked?.job.requestId as string;
    expect(asked).toMatchObject({ queued: true, job: { status: 'queued' } });
    expect(await pages.claimDesign(ana.albumId, requestId, 3, later(1))).toEqual({
      kind: 'claimed',
      ownerId: ana.userId,
      attempt: 1,
    });
    expect(await pages.storeDesign(ana.albumId, requestId, design(specOf(ana.photoIds)), later(2))).toBe(
      true,
    );

    const { page, job } = await pages.find(ana.userId, ana.albumId);
    expect(page?.spec.headline).toBe('Our own words');
    expect(page?.spec.introduction).toBe('By the designer.');
    expect(page?.source).toBe('model');
    expect(job).toMatchObject({
      status: 'idle',
      model: 'gemini-test',
      usage: { promptTokens: 1000, estimatedCostUsd: 0.00042 },
      designedAt: later(2),
      error: null,
    });
  });

  it('answers the request already queued instead of queueing a second; a lost one is asked again', async () => {
    const ana = await album();
    const first = await pages.requestDesign(ana.userId, ana.albumId, {
      requestId: randomUUID(),
      at: now,
      busySince: later(-600),
    });
    const again = await pages.requestDesign(ana.userId, ana.albumId, {
      requestId: randomUUID(),
      at: later(5),
      busySince: later(-595),
    });
    expect(again).toEqual({ queued: false, job: first?.job });
    const lost = await pages.requestDesign(ana.userId, ana.albumId, {
      requestId: randomUUID(),
      at: later(700),
      busySince: later(100),
    });
    expect(lost?.queued).toBe(true);
    expect(lost?.job.requestId).not.toBe(first?.job.requestId);
  });

  it('ignores stale and repeated messages: an old request is neither claimed nor stored', async () => {
    const ana = await album();
    const old = randomUUID();
    const current = randomUUID();
    await pages.requestDesign(ana.userId, ana.albumId, { requestId: old, at: now, busySince: later(-600) });
    await pages.claimDesign(ana.albumId, old, 3, later(1));
    await pages.failDesign(ana.albumId, old, 'boom', later(2));
    await pages.requestDesign(ana.userId, ana.albumId, {
      requestId: current,
      at: later(3),
      busySince: later(-597),
    });

    expect(await pages.claimDesign(ana.albumId, old, 3, later(4))).toEqual({ kind: 'stale' });
    expect(await pages.storeDesign(ana.albumId, old, design(specOf(ana.photoIds, 'Old')), later(5))).toBe(
      false,
    );
    expect(await pages.claimDesign(ana.albumId, current, 3, later(6))).toMatchObject({ kind: 'claimed' });
    expect(await pages.storeDesign(ana.albumId, current, design(specOf(ana.photoIds, 'New')), later(7))).toBe(
      true,
    );
    // Delivered again after it was stored: nothing to do.
    expect(await pages.claimDesign(ana.albumId, current, 3, later(8))).toEqual({ kind: 'stale' });
    expect(
      await pages.storeDesign(ana.albumId, current, design(specOf(ana.photoIds, 'Again')), later(9)),
    ).toBe(false);
    expect((await pages.find(ana.userId, ana.albumId)).page?.spec.headline).toBe('New');
  });

  it('marks a request failed once it used up its attempts', async () => {
    const ana = await album();
    const requestId = randomUUID();
    await pages.requestDesign(ana.userId, ana.albumId, { requestId, at: now, busySince: later(-600) });
    expect(await pages.claimDesign(ana.albumId, requestId, 2, later(1))).toMatchObject({ attempt: 1 });
    expect(await pages.claimDesign(ana.albumId, requestId, 2, later(2))).toMatchObject({ attempt: 2 });
    expect(await pages.claimDesign(ana.albumId, requestId, 2, later(3))).toEqual({ kind: 'exhausted' });
    expect((await pages.find(ana.userId, ana.albumId)).job).toMatchObject({
      status: 'failed',
      error: 'gave up after 2 attempts',
    });
  });

  it("writes nothing for another user's album or a deleted one, and the page goes with its album", async () => {
    const ana = await album();
    const bob = await album();
    const edit = (current: AlbumPageSpec | null) => current ?? specOf(ana.photoIds);
    expect(
      await pages.edit(bob.userId, ana.albumId, edit, { headline: true, introduction: false }, now),
    ).toBeNull();
    expect(
      await pages.requestDesign(bob.userId, ana.albumId, {
        requestId: randomUUID(),
        at: now,
        busySince: now,
      }),
    ).toBeNull();
    expect(await pages.find(bob.userId, ana.albumId)).toEqual(expect.objectContaining({ page: null }));

    await pages.edit(ana.userId, ana.albumId, edit, { headline: true, introduction: false }, now);
    expect((await pages.find(bob.userId, ana.albumId)).page).toBeNull();
    await testDb.db.updateTable('albums').set({ deleted_at: now }).where('id', '=', ana.albumId).execute();
    expect(
      await pages.edit(ana.userId, ana.albumId, edit, { headline: true, introduction: false }, now),
    ).toBeNull();
    await testDb.db.deleteFrom('album_images').where('album_id', '=', ana.albumId).execute();
    await testDb.db.deleteFrom('albums').where('id', '=', ana.albumId).execute();
    expect(
      await testDb.db.selectFrom('album_pages').where('album_id', '=', ana.albumId).selectAll().execute(),
    ).toEqual([]);
  });

  it('serializes concurrent edits of one page: both owners’ words survive', async () => {
    const ana = await album();
    await Promise.all([
      pages.edit(
        ana.userId,
        ana.albumId,
        (current) => ({ ...(current ?? specOf(ana.photoIds)), headline: 'H' }),
        { headline: true, introduction: false },
        now,
      ),
      pages.edit(
        ana.userId,
        ana.albumId,
        (current) => ({ ...(current ?? specOf(ana.photoIds)), introduction: 'I' }),
        { headline: false, introduction: true },
        now,
      ),
    ]);
    const { page } = await pages.find(ana.userId, ana.albumId);
    expect(page).toMatchObject({
      headlineEdited: true,
      introductionEdited: true,
      spec: { headline: 'H', introduction: 'I' },
    });
  });
});
