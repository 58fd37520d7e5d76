/**
 * An album's page end to end below HTTP, on a real PostgreSQL: reading (offline design computed on read,
 * stored designs checked against the album as it is), editing, asking for a design (one message however
 * often), and the worker's side — the designer's untrusted answer validated, its cost stored, the
 * offline design when it fails, stale, repeated and orphaned messages harmless.
 */
import { randomUUID } from 'node:crypto';
import { PAGE_PHOTOS_SENT, pagePhotoSample } from '../../lambdas/adapters/gemini/page-prompt.ts';
import { createOfflinePageDesigner } from '../../lambdas/adapters/offline/offline-page-designer.ts';
import { PostgresAlbumPageRepository } from '../../lambdas/adapters/postgres/postgres-album-page-repository.ts';
import type { AlbumPageDesigner, PageDesignRequest } from '../../lambdas/core/album-page.ts';
import { PlannerUnavailableError } from '../../lambdas/core/errors.ts';
import { generateAlbumPageMessage } from '../../lambdas/core/job-message.ts';
import {
  editAlbumPage,
  readAlbumPage,
  requestAlbumPageDesign,
} from '../../lambdas/core/use-cases/album-page.ts';
import {
  designAlbumPage,
  designSample,
  MAX_PAGE_DESIGN_IMAGES,
} from '../../lambdas/core/use-cases/design-album-page.ts';
import { InMemoryQueue, InMemoryStorage, ManualClock, RecordingLogger } from '../fakes/in-memory-ports.ts';
import { seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let albumPages: PostgresAlbumPageRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  albumPages = new PostgresAlbumPageRepository(testDb.db);
});
afterAll(() => testDb.destroy());

/** A designer answering what the test scripts, and keeping each request it was sent. */
class ScriptedDesigner implements AlbumPageDesigner {
  readonly requests: PageDesignRequest[] = [];
  readonly answer: (request: PageDesignRequest) => unknown;
  constructor(answer: (request: PageDesignRequest) => unknown) {
    this.answer = answer;
  }
  async design(request: PageDesignRequest) {
    this.requests.push(request);
    return {
      designer: 'gemini' as const,
      raw: this.answer(request),
      model: 'gemini-page-test',
      usage: { promptTokens: 3000, outputTokens: 400, totalTokens: 3400, estimatedCostUsd: 0.0012 },
    };
  }
}

function setup(designer: AlbumPageDesigner = createOfflinePageDesigner()) {
  const clock = new ManualClock('2026-12-02T12:00:00.000Z');
  const queue = new InMemoryQueue();
  const storage = new InMemoryStorage();
  const logger = new RecordingLogger();
  const deps = {
    albumPages,
    queue,
    storage,
    clock,
    logger,
    pageDesigner: designer,
    ids: { uuid: () => randomUUID() },
  };
  return { deps, queue, storage, clock, logger };
}

async function album(photos = 4) {
  const library = await seedLibrary(testDb.db, photos, [Array.from({ length: photos }, (_, index) => index)]);
  return { ...library, albumId: library.albumIds[0] as string };
}

/** Runs every page message on the queue through the worker's use case, as the worker would. */
async function drain(deps: ReturnType<typeof setup>['deps'], queue: InMemoryQueue) {
  const outcomes = [];
  for (const message of queue.messages.splice(0)) {
    if (message.type === 'generate-album-page') outcomes.push(await designAlbumPage(deps, message));
  }
  queue.bodies.length = 0;
  return outcomes;
}

describe('reading and editing', () => {
  it('shows the offline design, not stored, until something is', async () => {
    const { deps } = setup();
    const ana = await album();
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    expect(view).toMatchObject({ stored: false, source: 'offline', job: { status: 'idle' } });
    expect(view.spec.headline).toBe('Album 0');
    expect(view.spec.leadImageIds).toEqual([ana.photoIds[0]]);
    expect(await albumPages.find(ana.userId, ana.albumId)).toMatchObject({ page: null });
  });

  it("answers 404 for another user's album and a deleted one", async () => {
    const { deps } = setup();
    const ana = await album();
    const bob = await album();
    await expect(readAlbumPage(deps, bob.userId, ana.albumId)).rejects.toMatchObject({ status: 404 });
    await expect(editAlbumPage(deps, bob.userId, ana.albumId, { headline: 'x' })).rejects.toMatchObject({
      status: 404,
    });
    await expect(requestAlbumPageDesign(deps, bob.userId, ana.albumId)).rejects.toMatchObject({
      status: 404,
    });
    await testDb.db
      .updateTable('albums')
      .set({ deleted_at: new Date() })
      .where('id', '=', ana.albumId)
      .execute();
    await expect(readAlbumPage(deps, ana.userId, ana.albumId)).rejects.toMatchObject({ status: 404 });
  });

  it('stores an edited headline, cleaned, and checks stored pages against the album as it is now', async () => {
    const { deps } = setup();
    const ana = await album(3);
    const edited = await editAlbumPage(deps, ana.userId, ana.albumId, { headline: '  <b>Ours</b>\u0007 ' });
    expect(edited).toMatchObject({ stored: true, headlineEdited: true, introductionEdited: false });
    expect(edited.spec.headline).toBe('<b>Ours</b>');

    // A photo trashed after the page was stored leaves the page; one added joins it.
    await testDb.db
      .updateTable('images')
      .set({ trashed_at: new Date() })
      .where('id', '=', ana.photoIds[1] as string)
      .execute();
    const later = await album(1);
    await testDb.db
      .updateTable('images')
      .set({ owner_id: ana.userId })
      .where('id', '=', later.photoIds[0] as string)
      .execute();
    await testDb.db
      .insertInto('album_images')
      .values({ album_id: ana.albumId, image_id: later.photoIds[0] as string, display_order: 9 })
      .execute();
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    const shown = [...view.spec.leadImageIds, ...view.spec.sections.flatMap((section) => section.imageIds)];
    expect(shown.sort()).toEqual([ana.photoIds[0], ana.photoIds[2], later.photoIds[0]].sort());
    expect(view.spec.headline).toBe('<b>Ours</b>');
  });
});

describe('asking for a design', () => {
  it('queues one message however often it is asked while queued', async () => {
    const { deps, queue } = setup();
    const ana = await album();
    const first = await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    const second = await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    expect(first.job.status).toBe('queued');
    expect(second.job).toEqual(first.job);
    expect(queue.messages).toEqual([
      generateAlbumPageMessage(
        ana.albumId,
        (await albumPages.find(ana.userId, ana.albumId)).job.requestId as string,
      ),
    ]);
  });

  it('marks the request failed and answers 503 when the queue is down; asking again works', async () => {
    const { deps, queue } = setup();
    const ana = await album();
    queue.failWith();
    await expect(requestAlbumPageDesign(deps, ana.userId, ana.albumId)).rejects.toMatchObject({
      status: 503,
    });
    expect((await readAlbumPage(deps, ana.userId, ana.albumId)).job).toMatchObject({
      status: 'failed',
      error: 'the queue could not be reached',
    });
    queue.recover();
    expect((await requestAlbumPageDesign(deps, ana.userId, ana.albumId)).job.status).toBe('queued');
    expect(queue.messages).toHaveLength(1);
  });
});

describe('designing (the worker)', () => {
  it('sends photos by ref, the cover first, with facts and at most a bounded number of images', async () => {
    const designer = new ScriptedDesigner(() => ({}));
    const { deps, queue, storage } = setup(designer);
    const ana = await album(MAX_PAGE_DESIGN_IMAGES + 2);
    for (const id of ana.photoIds) {
      await storage.put(
        `users/${ana.userId}/photos/${id}/model.jpg`,
        new Uint8Array([1, 2, 3]),
        'image/jpeg',
      );
    }
    await testDb.db
      .updateTable('albums')
      .set({ cover_image_id: ana.photoIds[5] as string })
      .where('id', '=', ana.albumId)
      .execute();
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    await drain(deps, queue);
    const [request] = designer.requests;
    expect(request?.title).toBe('Album 0');
    expect(request?.photos.map((photo) => photo.ref).slice(0, 3)).toEqual(['p1', 'p2', 'p3']);
    expect(request?.photos).toHaveLength(ana.photoIds.length);
    expect(request?.photos.filter((photo) => photo.image)).toHaveLength(MAX_PAGE_DESIGN_IMAGES);
    expect(JSON.stringify(request)).not.toContain(ana.photoIds[0]);
    // p1 is the cover: a design leading with p1 leads with the cover.
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    expect(view.spec.sections.flatMap((section) => section.imageIds)).toHaveLength(ana.photoIds.length);
  });

  it("stores the model's design validated, with its model and cost, mapping refs back to photos", async () => {
    const designer = new ScriptedDesigner(() => ({
      layout: 'filmstrip',
      palette: { background: '#101010', text: '#111111', accent: 'javascript:alert(1)' },
      headline: '<script>alert("x")</script>',
      introduction: 'x'.repeat(10_000),
      leadImageIds: ['p2', 'p99'],
      sections: [{ title: 'Night', caption: 'Late', imageIds: ['p1', 'p3', 'p3', 'img-of-someone-else'] }],
    }));
    const { deps, queue } = setup(designer);
    const ana = await album(4);
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    expect(await drain(deps, queue)).toEqual(['stored']);
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    expect(view).toMatchObject({ stored: true, source: 'model' });
    expect(view.job).toMatchObject({
      status: 'idle',
      model: 'gemini-page-test',
      usage: { totalTokens: 3400, estimatedCostUsd: 0.0012 },
      attempts: 1,
    });
    expect(view.spec.layout).toBe('filmstrip');
    expect(view.spec.headline).toBe('<script>alert("x")</script>');
    expect(view.spec.introduction).toHaveLength(600);
    expect(view.spec.palette.text).toBe('#ffffff');
    expect(view.spec.leadImageIds).toEqual([ana.photoIds[1]]);
    // The photo the design left out (the 4th) joins the section of the photo just before it (the 3rd).
    expect(view.spec.sections).toEqual([
      { title: 'Night', caption: 'Late', imageIds: [ana.photoIds[0], ana.photoIds[2], ana.photoIds[3]] },
    ]);
  });

  it('keeps the headline the owner wrote, before or during the design', async () => {
    const designer = new ScriptedDesigner(() => ({
      headline: 'From the model',
      introduction: 'Model intro',
    }));
    const { deps, queue } = setup(designer);
    const ana = await album();
    await editAlbumPage(deps, ana.userId, ana.albumId, { headline: 'Ours' });
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    await drain(deps, queue);
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    expect(view.spec.headline).toBe('Ours');
    expect(view.spec.introduction).toBe('Model intro');
  });

  it('falls back to the offline design when the designer fails, recording why and what it billed', async () => {
    const failing: AlbumPageDesigner = {
      design: async () => {
        throw new PlannerUnavailableError('model overloaded', undefined, {
          promptTokens: 10,
          outputTokens: 0,
          totalTokens: 10,
        });
      },
    };
    const { deps, queue } = setup(failing);
    const ana = await album();
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    expect(await drain(deps, queue)).toEqual(['stored']);
    const view = await readAlbumPage(deps, ana.userId, ana.albumId);
    expect(view).toMatchObject({ stored: true, source: 'offline' });
    expect(view.job).toMatchObject({ status: 'idle', usage: { totalTokens: 10 } });
    expect(view.job.error).toContain('model overloaded');
  });

  it('does nothing for a duplicate, stale or made-up message, and drops one whose album was deleted', async () => {
    const { deps, queue } = setup();
    const ana = await album();
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    const [message] = queue.messages;
    if (message?.type !== 'generate-album-page') throw new Error('no page message');
    expect(await designAlbumPage(deps, message)).toBe('stored');
    expect(await designAlbumPage(deps, message)).toBe('stale');
    expect(await designAlbumPage(deps, generateAlbumPageMessage(ana.albumId, randomUUID()))).toBe('stale');
    expect(await designAlbumPage(deps, generateAlbumPageMessage(randomUUID(), randomUUID()))).toBe('stale');

    const bob = await album();
    const asked = setup();
    await requestAlbumPageDesign(asked.deps, bob.userId, bob.albumId);
    await testDb.db
      .updateTable('albums')
      .set({ deleted_at: new Date() })
      .where('id', '=', bob.albumId)
      .execute();
    expect(await drain(asked.deps, asked.queue)).toEqual(['album_gone']);
    expect((await albumPages.find(bob.userId, bob.albumId)).job).toMatchObject({
      status: 'failed',
      error: 'the album was deleted',
    });
  });

  it('lets a storage fault through for the queue to redeliver, then designs on the next delivery', async () => {
    const { deps, queue, storage } = setup();
    const ana = await album();
    await storage.put(
      `users/${ana.userId}/photos/${ana.photoIds[0]}/model.jpg`,
      new Uint8Array([1]),
      'image/jpeg',
    );
    await requestAlbumPageDesign(deps, ana.userId, ana.albumId);
    const [message] = queue.messages;
    if (message?.type !== 'generate-album-page') throw new Error('no page message');
    storage.failGets = true;
    await expect(designAlbumPage(deps, message)).rejects.toThrow('ECONNREFUSED');
    storage.failGets = false;
    expect(await designAlbumPage(deps, message)).toBe('stored');
    expect((await readAlbumPage(deps, ana.userId, ana.albumId)).job.attempts).toBe(2);
  });
});

describe('the pictures read for the designer', () => {
  it('are exactly the photos the Gemini designer shows the model, for any album size', () => {
    for (let count = 0; count <= 120; count += 1) {
      const photos = Array.from({ length: count }, (_, index) => ({
        ref: `p${index + 1}`,
        takenAt: null,
        place: null,
      }));
      const shown = pagePhotoSample(photos).map((photo) => photo.ref);
      const read = designSample(count, MAX_PAGE_DESIGN_IMAGES).map((index) => `p${index + 1}`);
      expect(read).toEqual(shown);
    }
    expect(MAX_PAGE_DESIGN_IMAGES).toBe(PAGE_PHOTOS_SENT);
  });
});
