import { ConflictError, NotFoundError, ServiceUnavailableError } from '../../lambdas/core/errors.ts';
import type { JobStatus } from '../../lambdas/core/model.ts';
import { retryJob } from '../../lambdas/core/use-cases/retry-job.ts';
import { InMemoryJobs, InMemoryQueue, newId } from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();
const policy = { leaseSeconds: 60, maxAttempts: 3 };

/** A job of Ana's brought to `status` the way the worker brings it there. */
async function setup(status: JobStatus) {
  const jobs = new InMemoryJobs();
  const queue = new InMemoryQueue();
  const { job } = await jobs.create({
    id: newId(),
    ownerId: ana,
    imageKeys: ['a', 'b'],
    idempotencyKey: null,
  });
  if (status !== 'pending') await jobs.claim(job.id, policy);
  if (status === 'failed') await jobs.fail(job.id, 1, 'none of the 2 photo(s) could be read', []);
  if (status === 'completed') {
    await jobs.complete(job.id, 1, {
      analyses: [],
      rejected: [],
      albums: [],
      result: { organizer: 'offline', albumCount: 0, placedCount: 0, rejected: [] },
    });
  }
  return { deps: { jobs, queue }, jobs, queue, jobId: job.id };
}

describe('retryJob', () => {
  it('queues a failed job again from a clean slate', async () => {
    const { deps, jobs, queue, jobId } = await setup('failed');
    const job = await retryJob(deps, ana, jobId);
    expect(job).toMatchObject({ id: jobId, status: 'pending', attempts: 0, error: null, result: null });
    expect(jobs.rows.get(jobId)).toMatchObject({
      status: 'pending',
      attempts: 0,
      error: null,
      result: null,
      startedAt: null,
      completedAt: null,
      imageKeys: ['a', 'b'],
    });
    expect(queue.jobIds).toEqual([jobId]);
  });

  it.each(['pending', 'processing', 'completed'] as const)(
    'refuses a %s job with 409 job_not_failed, and changes nothing',
    async (status) => {
      const { deps, jobs, queue, jobId } = await setup(status);
      const before = { ...jobs.rows.get(jobId) };
      const error = await retryJob(deps, ana, jobId).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error).toMatchObject({ code: 'job_not_failed', status: 409, details: { status } });
      expect(jobs.rows.get(jobId)).toEqual(before);
      expect(queue.bodies).toEqual([]);
    },
  );

  it("answers another user's failed job exactly as a made-up id, and leaves it failed", async () => {
    const { deps, jobs, queue, jobId } = await setup('failed');
    const stolen = await retryJob(deps, bob, jobId).catch((e: unknown) => e);
    const invented = await retryJob(deps, ana, newId()).catch((e: unknown) => e);
    for (const error of [stolen, invented]) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ code: 'not_found', status: 404, message: 'job not found' });
    }
    expect(jobs.rows.get(jobId)).toMatchObject({
      status: 'failed',
      error: 'none of the 2 photo(s) could be read',
    });
    expect(queue.bodies).toEqual([]);
  });

  it('fails the job again with the reason and answers 503 when the queue is down', async () => {
    const { deps, jobs, queue, jobId } = await setup('failed');
    queue.failWith();
    const error = await retryJob(deps, ana, jobId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'failed', error: 'the retry could not be queued' });
    expect(queue.bodies).toEqual([]);
  });

  it('can be retried again once the queue is back', async () => {
    const { deps, jobs, queue, jobId } = await setup('failed');
    queue.failWith();
    await expect(retryJob(deps, ana, jobId)).rejects.toBeInstanceOf(ServiceUnavailableError);
    queue.recover();
    await retryJob(deps, ana, jobId);
    expect(jobs.rows.get(jobId)).toMatchObject({ status: 'pending', error: null });
    expect(queue.jobIds).toEqual([jobId]);
  });
});
