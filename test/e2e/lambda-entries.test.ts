/**
 * The exported Lambda `handler` of every route, composed the AWS way (lambda-entry.ts: built from
 * process.env, only the adapters the route names), against the local services. The other suites go
 * through `create` with every adapter; this one proves each route's own wiring is enough, and the
 * worker's too.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import type { HttpEvent, HttpResult } from '../../lambdas/handlers/middleware/http.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { httpEventFor, jobMessageEvent } from '../support/lambda-events.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';

type LambdaHandler = (event: HttpEvent, context: unknown) => Promise<HttpResult>;

let harness: Harness;
let subject: string;
let userId: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  harness = await startHarness();
  const session = await harness.signIn('lambda-entry');
  const token = session.token;
  userId = session.userId;
  subject = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub;
  // What the stack gives each function, pointed at the local services.
  Object.assign(process.env, harness.app.env, { DATABASE_MAX_CONNECTIONS: '1' });
});
afterAll(async () => {
  process.env = savedEnv;
  await harness.stop();
});

async function invoke(
  name: string,
  request: { pathParameters?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const { handler } = (await import(`../../lambdas/handlers/http/${name}.ts`)) as { handler: LambdaHandler };
  const event = httpEventFor(name, subject, request);
  const result = await handler(event, { awsRequestId: `req-${name}` });
  return { status: result.statusCode ?? 200, body: result.body ? JSON.parse(result.body) : undefined };
}

describe('each Lambda entry, wired only with its own adapters', () => {
  let key: string;
  let jobId: string;

  it('health (database only) reports the database', async () => {
    const { status, body } = await invoke('health');
    expect(status).toBe(200);
    expect(body.checks.database.status).toBe('ok');
  });

  it('generate-upload-urls (urls) signs a URL the local S3 accepts', async () => {
    const photo = await makeJpeg({ width: 64, height: 48, takenAt: new Date('2026-01-10T10:00:00Z') });
    const { status, body } = await invoke('generate-upload-urls', {
      body: { files: [{ name: 'a.jpg', contentType: 'image/jpeg', size: photo.length }] },
    });
    expect(status).toBe(200);
    const [upload] = body.uploads;
    key = upload.key;
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo })).status).toBe(
      200,
    );
  });

  it('process-gallery (storage and queue) checks the upload and queues a job', async () => {
    const { status, body } = await invoke('process-gallery', { body: { imageKeys: [key] } });
    expect(status).toBe(202);
    jobId = body.jobId;
  });

  it('get-job-status (database only) follows the job to completion', async () => {
    let status = '';
    for (let attempt = 0; attempt < 120 && status !== 'completed'; attempt++) {
      const answer = await invoke('get-job-status', { pathParameters: { id: jobId } });
      expect(answer.status).toBe(200);
      status = answer.body.status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe('completed');
  });

  it('get-gallery and list-images (urls) answer with signed URLs', async () => {
    const gallery = await invoke('get-gallery', { pathParameters: { userId: 'me' } });
    expect(gallery.status).toBe(200);
    expect(gallery.body.albums.length).toBeGreaterThan(0);
    const images = await invoke('list-images');
    expect(images.status).toBe(200);
    expect(JSON.stringify(images.body)).toContain('X-Amz-Signature');
  });

  it('retry-job (queue) refuses a completed job with a clear error', async () => {
    const { status, body } = await invoke('retry-job', { pathParameters: { id: jobId } });
    expect(status).toBe(409);
    expect(body.error.code).toBeDefined();
  });

  it('every route has a Lambda entry that loads', async () => {
    for (const route of routes) {
      const module = await import(`../../lambdas/handlers/http/${route.name}.ts`);
      expect(typeof module.handler).toBe('function');
    }
  });
});

describe('the worker Lambda entry, wired from the environment', () => {
  it('organizes a job it is handed in an SQS event (database, storage and organizer of its own)', async () => {
    const photo = await makeJpeg({ width: 64, height: 48, takenAt: new Date('2026-03-20T10:00:00Z') });
    const { body } = await invoke('generate-upload-urls', {
      body: { files: [{ name: 'b.jpg', contentType: 'image/jpeg', size: photo.length }] },
    });
    const [upload] = body.uploads;
    expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo })).status).toBe(
      200,
    );
    // Recorded but never queued: the local poller cannot take it, only the handler below.
    const { job } = await harness.app.http.jobs.create({
      id: randomUUID(),
      ownerId: userId,
      imageKeys: [upload.key],
      idempotencyKey: null,
    });
    const { handler } = (await import('../../lambdas/handlers/sqs/process-job.ts')) as {
      handler: (event: SQSEvent, context: unknown) => Promise<SQSBatchResponse>;
    };
    // In Lambda (as the function's name says) the job's metrics are written to standard output as
    // CloudWatch Embedded Metric Format when the invocation ends.
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'Momentarium-Worker';
    const written: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(
        await handler(jobMessageEvent(job.id), {
          awsRequestId: 'worker-1',
          functionName: 'Momentarium-Worker',
          invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Momentarium-Worker',
          getRemainingTimeInMillis: () => 60_000,
        }),
      ).toEqual({ batchItemFailures: [] });
    } finally {
      process.stdout.write = write;
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
    }
    const status = await invoke('get-job-status', { pathParameters: { id: job.id } });
    expect(status.body.status).toBe('completed');

    const emf = written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"CloudWatchMetrics"'))
      .map((line) => JSON.parse(line));
    expect(emf).toHaveLength(1);
    const [blob] = emf;
    expect(blob._aws.CloudWatchMetrics[0].Namespace).toBe('Momentarium');
    expect(blob._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service']]);
    expect(blob).toMatchObject({
      service: 'momentarium',
      JobsCompleted: 1,
      PhotosOrganized: 1,
      PhotosRejected: 0,
      ModelFallbacks: 0,
      ModelUnreachable: 0,
    });
  });
});

describe('the editing routes and retry, each through its own Lambda entry', () => {
  it('rename, move, remove, trash and restore a photo, empty the Trash (files too), delete and restore an album', async () => {
    const { body } = await invoke('get-gallery', { pathParameters: { userId: 'me' } });
    expect(body.albums).toHaveLength(2); // one per organized job above (months apart: neither joins the other)
    const [first, second] = body.albums;
    const moved = first.images[0];
    const doomed = second.images[0];

    const renamed = await invoke('update-album', {
      pathParameters: { albumId: second.id },
      body: { title: 'Renamed through its Lambda' },
    });
    expect([renamed.status, renamed.body.title]).toEqual([200, 'Renamed through its Lambda']);

    const added = await invoke('add-album-image', {
      pathParameters: { albumId: second.id },
      body: { imageId: moved.id, fromAlbumId: first.id },
    });
    expect(added.status).toBe(200);
    expect(added.body.images.map((image: any) => image.id)).toContain(moved.id);

    const removed = await invoke('remove-album-image', {
      pathParameters: { albumId: second.id, imageId: moved.id },
    });
    expect(removed.status).toBe(204);

    const trashed = await invoke('delete-image', { pathParameters: { imageId: doomed.id } });
    expect([trashed.status, trashed.body.trashed]).toEqual([200, 1]);
    expect((await invoke('list-trash')).body.images.map((image: any) => image.id)).toEqual([doomed.id]);
    const restored = await invoke('restore-images', { body: { imageIds: [doomed.id] } });
    expect(restored.body).toEqual({ restored: 1 });
    expect((await invoke('trash-images', { body: { imageIds: [doomed.id] } })).body.trashed).toBe(1);
    // Emptying the Trash (storage access of its own) deletes the files too.
    expect((await invoke('empty-trash')).body).toEqual({ deleted: 1, remaining: 0 });
    for (const url of [doomed.url, doomed.previewUrl, doomed.thumbnailUrl]) {
      expect((await fetch(url)).status).toBe(404);
    }

    expect((await invoke('delete-album', { pathParameters: { albumId: first.id } })).status).toBe(200);
    const back = await invoke('restore-album', { pathParameters: { albumId: first.id } });
    expect([back.status, back.body.id]).toEqual([200, first.id]);
  });

  it('make an album, add and remove photos in bulk, and merge albums, each through its own entry', async () => {
    const ids = (await invoke('list-images')).body.images.map((image: any) => image.id);
    expect(ids.length).toBeGreaterThan(0);
    const made = await invoke('create-album', {
      body: { title: 'Made through its Lambda', imageIds: [ids[0]] },
    });
    expect([made.status, made.body.images.map((image: any) => image.id)]).toEqual([201, [ids[0]]]);
    const albumId = made.body.id;
    const added = await invoke('add-album-image', { pathParameters: { albumId }, body: { imageIds: ids } });
    expect([added.status, added.body.photoCount]).toEqual([200, ids.length]);
    const removed = await invoke('remove-album-images', {
      pathParameters: { albumId },
      body: { imageIds: [ids[0]] },
    });
    expect([removed.status, removed.body.photoCount]).toEqual([200, ids.length - 1]);
    const target = await invoke('create-album', { body: { title: 'Merged into through its Lambda' } });
    const merged = await invoke('merge-albums', {
      pathParameters: { albumId: target.body.id },
      body: { albumIds: [albumId] },
    });
    expect([merged.status, merged.body.photoCount]).toEqual([200, ids.length - 1]);
    const gallery = (await invoke('get-gallery', { pathParameters: { userId: 'me' } })).body.albums;
    expect(gallery.map((album: any) => album.id)).not.toContain(albumId);
  });

  it('the scheduled entries (the daily clean-up, the hourly details read) run from the environment alone', async () => {
    const scheduled = async (name: string) => {
      const { handler } = (await import(`../../lambdas/handlers/schedule/${name}.ts`)) as {
        handler: (event: unknown, context: unknown) => Promise<unknown>;
      };
      return handler({}, { awsRequestId: `req-${name}`, functionName: name });
    };
    expect(await scheduled('daily-clean-up')).toEqual({
      unorganized: expect.any(Number),
      trashed: expect.any(Number),
      albums: expect.any(Number),
    });
    expect(await scheduled('read-missing-details')).toEqual({ read: 0, left: false });
  });

  it('get-settings and update-settings (database only) turn people recognition on and off', async () => {
    expect((await invoke('get-settings')).body).toEqual({ peopleRecognition: false });
    const on = await invoke('update-settings', { body: { peopleRecognition: true } });
    expect([on.status, on.body]).toEqual([200, { peopleRecognition: true }]);
    const off = await invoke('update-settings', { body: { peopleRecognition: false } });
    expect(off.body).toEqual({ peopleRecognition: false });
  });

  it('retry-job queues a failed job again, and it completes', async () => {
    const library = await invoke('list-images');
    const photo = library.body.images[0];
    const { job } = await harness.app.http.jobs.create({
      id: randomUUID(),
      ownerId: userId,
      imageKeys: [photo.storageKey],
      idempotencyKey: null,
    });
    expect(await harness.app.http.jobs.fail(job.id, 0, 'failed for the test', [])).toBe(true);

    const retried = await invoke('retry-job', { pathParameters: { id: job.id } });
    expect(retried.status).toBe(202);
    let status = '';
    for (let attempt = 0; attempt < 120 && status !== 'completed'; attempt++) {
      status = (await invoke('get-job-status', { pathParameters: { id: job.id } })).body.status;
      if (status !== 'completed') await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe('completed');
  });
});
