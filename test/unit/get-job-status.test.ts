import { NotFoundError } from '../../lambdas/core/errors.ts';
import { getJobStatus } from '../../lambdas/core/use-cases/get-job-status.ts';
import { InMemoryJobs, newId } from '../fakes/in-memory-ports.ts';

const ana = newId();
const bob = newId();

async function setup() {
  const jobs = new InMemoryJobs();
  const { job } = await jobs.create({
    id: newId(),
    ownerId: ana,
    imageKeys: ['k1', 'k2'],
    idempotencyKey: null,
  });
  return { deps: { jobs }, jobs, jobId: job.id };
}

describe('getJobStatus', () => {
  it("returns the caller's job as it stands", async () => {
    const { deps, jobs, jobId } = await setup();
    expect(await getJobStatus(deps, ana, jobId)).toMatchObject({
      id: jobId,
      ownerId: ana,
      status: 'pending',
      imageKeys: ['k1', 'k2'],
      attempts: 0,
    });
    await jobs.claim(jobId, { leaseSeconds: 60, maxAttempts: 3 });
    await jobs.fail(jobId, 1, 'none of the 2 photo(s) could be read', []);
    expect(await getJobStatus(deps, ana, jobId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'none of the 2 photo(s) could be read',
    });
  });

  it("answers another user's job exactly as a made-up id", async () => {
    const { deps, jobId } = await setup();
    const stolen = await getJobStatus(deps, bob, jobId).catch((e: unknown) => e);
    const invented = await getJobStatus(deps, ana, newId()).catch((e: unknown) => e);
    for (const error of [stolen, invented]) {
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({
        code: 'not_found',
        status: 404,
        message: 'job not found',
        details: undefined,
      });
    }
  });
});
