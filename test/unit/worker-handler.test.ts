/**
 * The worker's SQS handler hands every failed record back to the queue with a backoff delay, by that
 * record's receipt handle: growing with the receive count, at least until another worker's lease
 * ends, and never throwing when the queue itself cannot be reached.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import type { WorkerDependencies } from '../../lambdas/composition/worker.ts';
import { processJobMessage } from '../../lambdas/core/job-message.ts';
import { create } from '../../lambdas/handlers/sqs/process-job.ts';
import { InMemoryJobs, newId } from '../fakes/in-memory-ports.ts';

const policy = { leaseSeconds: 600, maxAttempts: 5 };

function handlerWith(jobs: InMemoryJobs, redeliver: (handle: string, seconds: number) => Promise<void>) {
  const deps = {
    jobs,
    claimPolicy: policy,
    logger: silentLogger,
    metrics: { jobFinished() {} },
    retryPolicy: { baseSeconds: 120, maxSeconds: 900 },
    redelivery: { redeliverAfter: redeliver },
  } as unknown as WorkerDependencies;
  return create(deps);
}

function record(body: string, receiveCount: number, receiptHandle: string) {
  return {
    messageId: `id-${receiptHandle}`,
    receiptHandle,
    body,
    attributes: { ApproximateReceiveCount: String(receiveCount) },
  };
}

const invoke = (handler: ReturnType<typeof create>, records: unknown[]) =>
  handler({ Records: records } as SQSEvent, {} as Context);

test('a failed record is handed back by its own receipt handle, later with each delivery', async () => {
  const handedBack: [string, number][] = [];
  const handler = handlerWith(new InMemoryJobs(), async (handle, seconds) => {
    handedBack.push([handle, seconds]);
  });
  const result = await invoke(handler, [
    record('not json', 1, 'h-first'),
    record('{"nope":1}', 3, 'h-third'),
  ]);
  expect(result.batchItemFailures).toEqual([
    { itemIdentifier: 'id-h-first' },
    { itemIdentifier: 'id-h-third' },
  ]);
  const [[firstHandle, firstDelay], [thirdHandle, thirdDelay]] = handedBack as [
    [string, number],
    [string, number],
  ];
  expect(firstHandle).toBe('h-first');
  expect(firstDelay).toBeGreaterThanOrEqual(60);
  expect(firstDelay).toBeLessThanOrEqual(120);
  expect(thirdHandle).toBe('h-third');
  expect(thirdDelay).toBeGreaterThanOrEqual(240);
  expect(thirdDelay).toBeLessThanOrEqual(480);
});

test('a job busy with another worker comes back when that worker’s lease ends', async () => {
  const jobs = new InMemoryJobs();
  const { job } = await jobs.create({
    id: newId(),
    ownerId: newId(),
    imageKeys: ['k'],
    idempotencyKey: null,
  });
  await jobs.claim(job.id, policy, 'another-message');
  const delays: number[] = [];
  const handler = handlerWith(jobs, async (_handle, seconds) => {
    delays.push(seconds);
  });
  const result = await invoke(handler, [record(JSON.stringify(processJobMessage(job.id)), 1, 'h')]);
  expect(result.batchItemFailures).toHaveLength(1);
  // The lease (600 s) ends long after the first backoff step (60-120 s).
  expect(delays[0]).toBeGreaterThanOrEqual(598);
  expect(delays[0]).toBeLessThanOrEqual(600);
});

test('when the queue cannot be reached either, the record is still reported failed (it returns later)', async () => {
  const handler = handlerWith(new InMemoryJobs(), async () => {
    throw new Error('connect ETIMEDOUT');
  });
  const result = await invoke(handler, [record('not json', 1, 'h')]);
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'id-h' }]);
});
