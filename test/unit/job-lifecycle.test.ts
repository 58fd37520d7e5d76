import { ServiceUnavailableError } from '../../lambdas/core/errors.ts';
import { parseId } from '../../lambdas/core/ids.ts';
import { enqueueOrFail, gaveUpMessage, redeliveryDelaySeconds } from '../../lambdas/core/job-lifecycle.ts';
import { InMemoryJobs, InMemoryQueue, newId } from '../fakes/in-memory-ports.ts';

const owner = newId();

async function pendingJob() {
  const jobs = new InMemoryJobs();
  const queue = new InMemoryQueue();
  const { job } = await jobs.create({ id: newId(), ownerId: owner, imageKeys: ['k'], idempotencyKey: null });
  return { jobs, queue, jobId: job.id };
}

describe('parseId', () => {
  it('accepts a UUID of any version and gives it back lower-case', () => {
    expect(parseId('0B5F3A1C-9D2E-4F60-8A7B-1C2D3E4F5A6B')).toBe('0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b');
    expect(parseId('00000000-0000-1000-0000-000000000000')).toBe('00000000-0000-1000-0000-000000000000');
  });

  it('refuses anything else, whatever its type', () => {
    const values: unknown[] = [
      '',
      'not-a-uuid',
      '0b5f3a1c9d2e4f608a7b1c2d3e4f5a6b',
      '{0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b}',
      ' 0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b',
      '0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b\n',
      '0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6g',
      42,
      null,
      undefined,
      { id: '0b5f3a1c-9d2e-4f60-8a7b-1c2d3e4f5a6b' },
    ];
    expect(values.filter((value) => parseId(value) !== null)).toEqual([]);
  });
});

describe('gaveUpMessage', () => {
  it('says how many attempts were made and what went wrong last', () => {
    expect(gaveUpMessage(3, 'connect ECONNREFUSED')).toBe(
      'gave up after 3 attempt(s); last error: connect ECONNREFUSED',
    );
  });

  it('says only the count when no error was recorded', () => {
    expect(gaveUpMessage(1, null)).toBe('gave up after 1 attempt(s)');
    expect(gaveUpMessage(2, '')).toBe('gave up after 2 attempt(s)');
  });
});

describe('enqueueOrFail', () => {
  it('puts the job on the queue as a message the worker accepts, and leaves it pending', async () => {
    const { jobs, queue, jobId } = await pendingJob();
    await enqueueOrFail({ jobs, queue }, jobId, 'the job could not be queued');
    expect(queue.jobIds).toEqual([jobId]);
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'pending', error: null });
  });

  it('marks the job failed with the reason and answers 503 when the queue refuses', async () => {
    const { jobs, queue, jobId } = await pendingJob();
    queue.failWith('connect ETIMEDOUT');
    const attempt = enqueueOrFail({ jobs, queue }, jobId, 'the job could not be queued');
    await expect(attempt).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(attempt).rejects.toMatchObject({
      code: 'service_unavailable',
      status: 503,
      cause: expect.objectContaining({ message: 'connect ETIMEDOUT' }),
    });
    expect(queue.jobIds).toEqual([]);
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'failed', error: 'the job could not be queued' });
  });

  it('leaves a job that a worker already claimed alone when the queue refuses', async () => {
    const { jobs, queue, jobId } = await pendingJob();
    await jobs.claim(jobId, { leaseSeconds: 60, maxAttempts: 3 });
    queue.failWith();
    await expect(enqueueOrFail({ jobs, queue }, jobId, 'the job could not be queued')).rejects.toBeInstanceOf(
      ServiceUnavailableError,
    );
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'processing', error: null });
  });
});

describe('redeliveryDelaySeconds', () => {
  const policy = { baseSeconds: 30, maxSeconds: 900 };

  test('doubles per delivery, at least half of each step (equal jitter), never past the maximum', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 6, 7].map((count) => redeliveryDelaySeconds(count, policy, 0, low))).toEqual([
      15, 30, 60, 120, 240, 450, 450,
    ]);
    expect([1, 2, 3, 4, 5, 6, 7].map((count) => redeliveryDelaySeconds(count, policy, 0, high))).toEqual([
      30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  test('waits at least until another worker’s lease ends, but never past the maximum', () => {
    expect(redeliveryDelaySeconds(1, policy, 400, () => 0)).toBe(400);
    expect(redeliveryDelaySeconds(1, policy, 5000, () => 0)).toBe(900);
    expect(redeliveryDelaySeconds(1, policy, -20, () => 0)).toBe(15);
  });

  test('a missing or nonsense receive count counts as the first delivery', () => {
    expect(redeliveryDelaySeconds(0, policy, 0, () => 0)).toBe(15);
  });
});
