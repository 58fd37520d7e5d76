/**
 * A job pressed while its photos are still being read: it stays pending, its status counting the
 * photos read so far, and it is organized from what ingest stored once they are all read. The queues
 * are real (the local S3's notifications land on the ingest queue); this test hands their messages to
 * the ingest and worker handlers itself, one step at a time, instead of the background pollers.
 */
import { DeleteMessageCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { ingestDependencies } from '../../lambdas/composition/ingest.ts';
import { workerDependencies } from '../../lambdas/composition/worker.ts';
import { createdObjects } from '../../lambdas/core/storage-event.ts';
import { create as createIngest } from '../../lambdas/handlers/sqs/ingest-photos.ts';
import { create as createWorker } from '../../lambdas/handlers/sqs/process-job.ts';
import { makePhotoLikeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles } from '../support/local-app-harness.ts';

let harness: Harness;
let sqs: SQSClient;

beforeAll(async () => {
  harness = await startHarness({}, { background: false });
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: harness.app.env.SQS_ENDPOINT,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});
afterAll(async () => {
  sqs?.destroy();
  await harness?.stop();
});

async function receive(queueUrl: string, count: number): Promise<Message[]> {
  const messages: Message[] = [];
  const deadline = Date.now() + 15_000;
  while (messages.length < count && Date.now() < deadline) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    messages.push(...Messages);
  }
  for (const message of messages)
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  return messages;
}

const asEvent = (messages: Message[]) =>
  ({
    Records: messages.map((message) => ({
      messageId: message.MessageId,
      receiptHandle: message.ReceiptHandle,
      body: message.Body,
      attributes: { ApproximateReceiveCount: '1' },
    })),
  }) as unknown as SQSEvent;

test('a job pressed while photos are still being read waits, counting them, then organizes what ingest stored', async () => {
  const { token } = await harness.signIn('waiting');
  const keys = await uploadFiles(harness, token, [
    { name: 'a.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1200, 900, 21) },
    { name: 'b.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1200, 900, 22) },
  ]);
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  expect(started.status).toBe(202);
  const status = async () => (await harness.api(`/api/jobs/${started.body.jobId}/status`, { token })).body;
  expect(await status()).toMatchObject({ status: 'pending', photosReady: 0, photosTotal: 2 });

  // The two notifications S3 sent for the two uploads; the first is read.
  const notifications = await receive(harness.app.env.INGEST_QUEUE_URL as string, 2);
  expect(notifications).toHaveLength(2);
  const ingest = createIngest(ingestDependencies(harness.app.env, harness.app.http));
  await ingest(asEvent(notifications.slice(0, 1)), {} as Context);
  expect(await status()).toMatchObject({ status: 'pending', photosReady: 1, photosTotal: 2 });

  // The worker takes the job while one photo is still unread: it waits, and the photo is read meanwhile.
  const [jobMessage] = await receive(harness.app.env.JOBS_QUEUE_URL as string, 1);
  const worker = createWorker(
    workerDependencies({ ...harness.app.env, JOB_PHOTO_WAIT_SECONDS: '60' }, harness.app.http),
  );
  const organizing = worker(asEvent([jobMessage as Message]), {} as Context);
  await new Promise((resolve) => setTimeout(resolve, 700));
  expect(await status()).toMatchObject({ status: 'pending', photosReady: 1 });
  await ingest(asEvent(notifications.slice(1)), {} as Context);
  expect(await organizing).toEqual({ batchItemFailures: [] });
  expect(await status()).toMatchObject({
    status: 'completed',
    photosReady: 2,
    photosTotal: 2,
    rejectedImages: [],
  });
});

test('after its bounded wait, a job reads a photo whose notification was lost and rejects one that is gone', async () => {
  const { token } = await harness.signIn('stragglers');
  const keys = await uploadFiles(harness, token, [
    { name: 'read.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1200, 900, 31) },
    { name: 'lost.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1200, 900, 32) },
    { name: 'gone.jpg', contentType: 'image/jpeg', bytes: await makePhotoLikeJpeg(1200, 900, 33) },
  ]);
  const [readKey, lostKey, goneKey] = keys as [string, string, string];
  const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
  expect(started.status).toBe(202);

  // Only the first notification is handled: the second is lost, and the third photo is deleted from
  // storage after the job was accepted (its upload, as far as the job can tell, never arrived).
  const notifications = await receive(harness.app.env.INGEST_QUEUE_URL as string, 3);
  const forRead = notifications.filter((message) =>
    createdObjects(message.Body ?? '').some((object) => object.key === readKey),
  );
  expect(forRead).toHaveLength(1);
  await createIngest(ingestDependencies(harness.app.env, harness.app.http))(asEvent(forRead), {} as Context);
  await harness.app.http.storage.delete(goneKey);

  const [jobMessage] = await receive(harness.app.env.JOBS_QUEUE_URL as string, 1);
  const worker = createWorker(
    workerDependencies({ ...harness.app.env, JOB_PHOTO_WAIT_SECONDS: '1' }, harness.app.http),
  );
  expect(await worker(asEvent([jobMessage as Message]), {} as Context)).toEqual({ batchItemFailures: [] });
  const { body } = await harness.api(`/api/jobs/${started.body.jobId}/status`, { token });
  expect(body).toMatchObject({ status: 'completed', photosTotal: 3 });
  expect(body.rejectedImages).toEqual([
    { key: goneKey, filename: 'gone.jpg', reason: 'the upload never arrived' },
  ]);
  const gallery = await harness.api('/api/galleries/me', { token });
  const organized = gallery.body.albums.flatMap((album: { images: Array<{ storageKey: string }> }) =>
    album.images.map((image) => image.storageKey),
  );
  expect(organized.sort()).toEqual([readKey, lostKey].sort());
});
