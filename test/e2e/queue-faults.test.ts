/** The queue side of the local runtime behaves like SQS + the Lambda event source mapping. */
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let sqs: SQSClient;

beforeAll(async () => {
  // Short visibility timeout so redeliveries happen within the test.
  harness = await startHarness(
    { JOB_LEASE_SECONDS: '2' },
    { visibilityTimeoutSeconds: 1, maxReceiveCount: 2 },
  );
  sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: harness.app.env.SQS_ENDPOINT,
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});
afterAll(() => harness?.stop());

/**
 * A job left in `processing` by workers that vanished (its lease long expired, its message never
 * deleted), and a fresh delivery of its message.
 */
async function abandonedJob(username: string, left: { attempts: number; error: string | null }) {
  const { token } = await harness.signIn(username);
  const keys = await uploadFiles(harness, token, [
    { name: 'a.jpg', contentType: 'image/jpeg', bytes: await makeJpeg({ width: 64, height: 48 }) },
  ]);
  const { db } = harness.app.http;
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('subject', '=', `local:${username}`)
    .executeTakeFirstOrThrow();
  const jobId = crypto.randomUUID();
  await db
    .insertInto('processing_jobs')
    .values({
      id: jobId,
      owner_id: user.id,
      status: 'processing',
      image_keys: keys,
      attempts: left.attempts,
      error: left.error,
      started_at: new Date(Date.now() - 60_000),
    })
    .execute();
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: harness.app.queueUrl,
      MessageBody: JSON.stringify({ version: 1, type: 'process-job', jobId }),
    }),
  );
  return { token, jobId };
}

describe('queue faults', () => {
  it('sends a poison message to the dead-letter queue after maxReceiveCount deliveries', async () => {
    await sqs.send(
      new SendMessageCommand({ QueueUrl: harness.app.queueUrl, MessageBody: '{"version": 99}' }),
    );
    const deadline = Date.now() + 20_000;
    let dead: string | undefined;
    while (!dead && Date.now() < deadline) {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: harness.app.deadLetterQueueUrl, WaitTimeSeconds: 1 }),
      );
      dead = received.Messages?.[0]?.Body;
    }
    expect(dead).toBe('{"version": 99}');
  });

  it('marks a job failed, with the reason, once its workers have died on every attempt', async () => {
    // Five attempts already started and vanished (JOB_MAX_ATTEMPTS is 5), the last lease long expired.
    const { token, jobId } = await abandonedJob('frank', { attempts: 5, error: 'worker timed out' });
    const job = await waitForJob(harness, token, jobId, 20_000);
    expect(job).toMatchObject({
      status: 'failed',
      error: 'gave up after 5 attempt(s); last error: worker timed out',
    });
    expect((await harness.api(`/api/jobs/${jobId}/retry`, { token, method: 'POST' })).status).toBe(202);
  });

  it('picks up a job whose worker died mid-way, once its lease has expired', async () => {
    const { token, jobId } = await abandonedJob('erin', { attempts: 1, error: null });
    const job = await waitForJob(harness, token, jobId, 20_000);
    expect(job).toMatchObject({ status: 'completed', attempts: 2, albumCount: 1 });
  });
});
