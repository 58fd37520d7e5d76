/**
 * The command-line client's organizing, against a strict in-memory API (the shape docs/openapi.json
 * gives its answers): jobs within the per-job limit, one after another, a job asked again with its
 * Idempotency-Key after a crash, uploads the API no longer finds, a failed job.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../../cli/errors.js';
import { organizeFolder } from '../../cli/organize.js';
import { openUploadState } from '../../cli/upload-state.js';

interface Job {
  jobId: string;
  keys: string[];
  status: string;
  polls: number;
  idempotencyKey: string;
}

/** The job routes of the API, in memory: a job completes on its second status poll. */
function fakeApi(
  options: { failJob?: number; missingOnFirstPost?: string[]; rejected?: Record<string, string> } = {},
) {
  const jobs: Job[] = [];
  const log: string[] = [];
  let missing = options.missingOnFirstPost;
  const body = (job: Job) => ({
    jobId: job.jobId,
    status: job.status,
    imageCount: job.keys.length,
    albumCount: job.status === 'completed' ? 1 : null,
    organizer: job.status === 'completed' ? 'offline' : null,
    error: job.status === 'failed' ? 'the model and the offline organizer both failed' : null,
    rejectedImages:
      job.status === 'completed'
        ? job.keys
            .filter((key) => options.rejected?.[key])
            .map((key) => ({ key, filename: 'x.jpg', reason: options.rejected?.[key] as string }))
        : [],
  });
  return {
    jobs,
    log,
    client: {
      api: 'http://api.test',
      hasToken: true,
      async request(path: string, init: { body?: any; headers?: Record<string, string> } = {}) {
        if (path === '/api/galleries/process') {
          const keys: string[] = init.body.imageKeys;
          const idempotencyKey = init.headers?.['idempotency-key'] as string;
          log.push(`POST ${keys.join(',')} (${idempotencyKey})`);
          if (missing) {
            const keysMissing = missing;
            missing = undefined;
            throw new ApiError(409, 'upload_missing', '1 image(s) have not been uploaded', {
              keys: keysMissing,
            });
          }
          const earlier = jobs.find((job) => job.idempotencyKey === idempotencyKey);
          if (earlier) return { status: 202, body: { jobId: earlier.jobId, job: body(earlier) } };
          if (jobs.some((job) => job.status !== 'completed' && job.status !== 'failed')) {
            throw new Error('a job was started while the one before it was still running');
          }
          const job = { jobId: `job-${jobs.length + 1}`, keys, status: 'pending', polls: 0, idempotencyKey };
          jobs.push(job);
          return { status: 202, body: { jobId: job.jobId, status: job.status, job: body(job) } };
        }
        const id = /^\/api\/jobs\/([^/]+)\/status$/.exec(path)?.[1];
        const job = jobs.find((candidate) => candidate.jobId === id);
        if (!job) throw new Error(`unexpected request ${path}`);
        log.push(`GET ${job.jobId}`);
        if (++job.polls >= 2 && job.status === 'pending') {
          job.status = options.failJob === jobs.indexOf(job) + 1 ? 'failed' : 'completed';
        }
        return { status: 200, body: body(job) };
      },
    } as any,
  };
}

const progress = { line: () => {}, update: () => {}, done: () => {} };
let dir: string;

async function stateWith(files: string[]) {
  const state = await openUploadState(dir, { api: 'http://api.test', user: 'u', folder: '/photos' });
  for (const file of files) {
    await state.recordFile({
      file,
      size: 1,
      mtimeMs: 1,
      sha256: file.padEnd(64, '0'),
      key: `key-${file}`,
      via: 'upload',
    });
  }
  return state;
}

const run = (api: ReturnType<typeof fakeApi>, state: Awaited<ReturnType<typeof stateWith>>, wait = true) =>
  organizeFolder({
    client: api.client,
    state,
    limits: { filesPerRequest: 100, maxFileBytes: 1000, imagesPerJob: 2 },
    wait,
    timeoutMs: 60_000,
    progress,
    stopped: () => false,
  });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'momentarium-cli-organize-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('organizing a folder (cli/organize.js)', () => {
  it('makes jobs of at most the per-job limit, each started after the one before it finished', async () => {
    const api = fakeApi();
    const state = await stateWith(['a', 'b', 'c', 'd', 'e']);
    const result = await run(api, state);
    expect(api.jobs.map((job) => job.keys)).toEqual([['key-a', 'key-b'], ['key-c', 'key-d'], ['key-e']]);
    expect(result.jobs.map((job) => [job.jobId, job.status])).toEqual([
      ['job-1', 'completed'],
      ['job-2', 'completed'],
      ['job-3', 'completed'],
    ]);
    expect(state.keysToOrganize()).toEqual([]);
    // Organizing again finds nothing to do: no request at all.
    const before = api.log.length;
    expect((await run(api, state)).jobs).toEqual([]);
    expect(api.log.length).toBe(before);
  });

  it('without --wait, waits for every job but the last, and the next run follows that one', async () => {
    const api = fakeApi();
    const state = await stateWith(['a', 'b', 'c']);
    const first = await run(api, state, false);
    expect(first.jobs.map((job) => job.status)).toEqual(['completed', 'pending']);
    expect(state.unfinishedJobs().map((job) => job.jobId)).toEqual(['job-2']);

    const second = await run(api, await stateWith([]), true);
    expect(second.jobs).toMatchObject([{ jobId: 'job-2', status: 'completed' }]);
    expect(api.jobs).toHaveLength(2);
  });

  it('a job written down but never confirmed (a crash) is asked again with the same Idempotency-Key', async () => {
    const api = fakeApi();
    const state = await stateWith(['a', 'b']);
    await state.recordJob({ idempotencyKey: 'momentarium-cli-before-the-crash', keys: ['key-a', 'key-b'] });
    // The server had created it: the answer to the retry is that job, not a second one.
    api.jobs.push({
      jobId: 'job-1',
      keys: ['key-a', 'key-b'],
      status: 'completed',
      polls: 0,
      idempotencyKey: 'momentarium-cli-before-the-crash',
    });

    const reopened = await stateWith([]);
    const result = await run(api, reopened);
    expect(api.log[0]).toBe('POST key-a,key-b (momentarium-cli-before-the-crash)');
    expect(api.jobs).toHaveLength(1);
    expect(result.jobs).toMatchObject([{ jobId: 'job-1', status: 'completed' }]);
    expect(reopened.keysToOrganize()).toEqual([]);
  });

  it('forgets a file whose upload the API no longer finds, names it, and organizes the rest', async () => {
    const api = fakeApi({ missingOnFirstPost: ['key-b'] });
    const state = await stateWith(['a', 'b']);
    const result = await run(api, state);
    expect(result.needUpload).toEqual(['b']);
    expect(api.jobs.map((job) => job.keys)).toEqual([['key-a']]);
    expect(state.files.has('b')).toBe(false);
  });

  it('names photos the server could not read by their file, and does not organize them again', async () => {
    const api = fakeApi({ rejected: { 'key-b': 'the file is not an image' } });
    const state = await stateWith(['a', 'b']);
    const result = await run(api, state);
    expect(result.jobs[0]?.rejected).toEqual([{ file: 'b', reason: 'the file is not an image' }]);
    expect(state.keysToOrganize()).toEqual([]);
  });

  it('stops at a failed job; its photos stay to organize next time', async () => {
    const api = fakeApi({ failJob: 1 });
    const state = await stateWith(['a', 'b', 'c']);
    const result = await run(api, state);
    expect(result.jobs).toMatchObject([{ jobId: 'job-1', status: 'failed', error: expect.any(String) }]);
    expect(api.jobs).toHaveLength(1);
    expect(state.keysToOrganize()).toEqual(['key-a', 'key-b', 'key-c']);
  });
});
