/**
 * Organizing a drop of any size (web/js/organize.js) against a fake API answered in-process: the parts
 * run one after the other, a stop is resumed where it happened (finished parts are never sent again),
 * the Idempotency-Key is kept only when the request may have got through, photos the server cannot
 * organize are left out only when asked, and a reload picks the parts up from sessionStorage.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB_ROOT } from '../../scripts/web-size.ts';

const moduleUrl = (name: string) => pathToFileURL(join(WEB_ROOT, 'js', name)).href;

/** What the page's globals need to be for the module: a session store and fetch. */
class MemoryStorage {
  #values = new Map<string, string>();
  getItem(key: string) {
    return this.#values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#values.set(key, String(value));
  }
  removeItem(key: string) {
    this.#values.delete(key);
  }
}

interface Call {
  method: string;
  path: string;
  body?: any;
  idempotencyKey?: string;
}

type Answer = { status: number; body?: unknown };

/** The API as far as organizing uses it; `on*` hooks let a case refuse or fail what it needs to. */
class FakeApi {
  calls: Call[] = [];
  jobs = new Map<string, { keys: string[]; status: string }>();
  onStart: (call: Call) => Answer | undefined = () => undefined;
  onStatus: (jobId: string) => Answer | undefined = () => undefined;
  #next = 1;

  fetch = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string },
  ) => {
    // The site configuration (read once, for live progress): none here, so the page polls.
    if (path === '/config.json') return new Response(null, { status: 404 });
    const call: Call = {
      method: init.method ?? 'GET',
      path,
      ...(init.body ? { body: JSON.parse(init.body) } : {}),
      ...(init.headers?.['Idempotency-Key'] ? { idempotencyKey: init.headers['Idempotency-Key'] } : {}),
    };
    this.calls.push(call);
    const answer = this.#answer(call);
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json' },
    });
  };

  #answer(call: Call): Answer {
    if (call.path === '/api/galleries/process') {
      const refused = this.onStart(call);
      if (refused) return refused;
      const jobId = `job-${this.#next++}`;
      this.jobs.set(jobId, { keys: call.body.imageKeys, status: 'pending' });
      return { status: 202, body: { jobId, status: 'pending', job: { jobId, status: 'pending' } } };
    }
    const status = /^\/api\/jobs\/([^/]+)\/status$/.exec(call.path);
    if (status) {
      const jobId = status[1] as string;
      const override = this.onStatus(jobId);
      if (override) return override;
      const job = this.jobs.get(jobId);
      if (!job) return { status: 404, body: { error: { code: 'not_found', message: 'job not found' } } };
      // A job finishes by the first time it is asked about.
      job.status = 'completed';
      return { status: 200, body: { jobId, status: 'completed', albumCount: 1, rejectedImages: [] } };
    }
    const retry = /^\/api\/jobs\/([^/]+)\/retry$/.exec(call.path);
    if (retry) {
      const jobId = retry[1] as string;
      return { status: 202, body: { jobId, status: 'pending', job: { jobId, status: 'pending' } } };
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'no such route' } } };
  }

  starts() {
    return this.calls.filter((call) => call.path === '/api/galleries/process');
  }
}

const keys = (count: number, prefix = 'k') =>
  Array.from({ length: count }, (_, index) => `${prefix}${index}`);
const g = globalThis as any;
let fake: FakeApi;
let organize: any;

beforeAll(async () => {
  g.sessionStorage = new MemoryStorage();
  g.window = new EventTarget();
  organize = await import(moduleUrl('organize.js'));
});
beforeEach(() => {
  organize.resetOrganizer();
  g.sessionStorage.setItem(
    'momentarium.session',
    JSON.stringify({ mode: 'local', token: 't', expiresAt: Date.now() + 3_600_000 }),
  );
  fake = new FakeApi();
  g.fetch = fake.fetch;
});
afterAll(() => {
  delete g.sessionStorage;
  delete g.window;
});

/** Waits until the organizer stops (completed, failed or idle). */
async function settled() {
  for (let wait = 0; wait < 500; wait++) {
    const { phase } = organize.organizerState();
    if (phase === 'completed' || phase === 'failed' || phase === 'idle') return organize.organizerState();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`still ${organize.organizerState().phase}`);
}

describe('organizing a drop in parts', () => {
  it('runs the parts one after the other, each started once the one before finished', async () => {
    await organize.startOrganizing(keys(1200));
    const state = await settled();
    expect(state.phase).toBe('completed');
    const starts = fake.starts();
    expect(starts.map((call) => call.body.imageKeys.length)).toEqual([400, 400, 400]);
    expect(starts.flatMap((call) => call.body.imageKeys)).toEqual(keys(1200));
    // Between two starts, the first job was seen completed.
    const order = fake.calls.map((call) =>
      call.path.endsWith('/status') ? `status ${call.path.split('/')[3]}` : 'start',
    );
    expect(order).toEqual(['start', 'status job-1', 'start', 'status job-2', 'start', 'status job-3']);
    expect(new Set(starts.map((call) => call.idempotencyKey)).size).toBe(3);
    expect(organize.progressOf()).toEqual({
      phase: 'completed',
      parts: 3,
      current: 2,
      organizedPhotos: 1200,
      totalPhotos: 1200,
    });
    expect(organize.finishedJobs()).toHaveLength(3);
    expect(g.sessionStorage.getItem('momentarium.job')).toBeNull();
  });

  it('retries a job that failed on the server in place, and never sends a finished part again', async () => {
    let failures = 1;
    fake.onStatus = (jobId) =>
      jobId === 'job-2' && failures-- > 0
        ? {
            status: 200,
            body: { jobId, status: 'failed', error: 'the organizer gave up', rejectedImages: [] },
          }
        : undefined;
    await organize.startOrganizing(keys(1200));
    let state = await settled();
    expect(state).toMatchObject({ phase: 'failed', current: 1, error: 'the organizer gave up' });
    expect(state.parts.map((part: { done: boolean }) => part.done)).toEqual([true, false, false]);
    expect(organize.progressOf().organizedPhotos).toBe(400);

    await organize.retryOrganizing();
    state = await settled();
    expect(state.phase).toBe('completed');
    expect(fake.calls.filter((call) => call.path === '/api/jobs/job-2/retry')).toHaveLength(1);
    // Parts 1 and 2 were each started once; part 3 started after the retried job finished.
    expect(fake.starts().map((call) => call.body.imageKeys[0])).toEqual(['k0', 'k400', 'k800']);
  });

  it('keeps the Idempotency-Key after an answer that may have been lost, and makes a new one after a refusal', async () => {
    const answers: Answer[] = [
      {
        status: 503,
        body: { error: { code: 'service_unavailable', message: 'The job queue is unavailable; try again' } },
      },
      { status: 409, body: { error: { code: 'conflict', message: 'try later' } } },
    ];
    fake.onStart = () => answers.shift();
    await organize.startOrganizing(keys(3));
    expect(await settled()).toMatchObject({
      phase: 'failed',
      error: 'The job queue is unavailable; try again',
    });
    await organize.retryOrganizing();
    expect((await settled()).phase).toBe('failed');
    await organize.retryOrganizing();
    expect((await settled()).phase).toBe('completed');
    const [first, second, third] = fake.starts().map((call) => call.idempotencyKey);
    expect(second).toBe(first);
    expect(third).not.toBe(second);
  });

  it('names photos the server cannot organize, and leaves them out only when asked', async () => {
    fake.onStart = (call) =>
      call.body.imageKeys.includes('k1')
        ? {
            status: 409,
            body: {
              error: {
                code: 'upload_missing',
                message: '1 image(s) have not been uploaded',
                details: { keys: ['k1'] },
              },
            },
          }
        : undefined;
    await organize.startOrganizing(keys(3));
    const state = await settled();
    expect(state).toMatchObject({
      phase: 'failed',
      unusable: ['k1'],
      error: '1 photo did not reach storage, so it cannot be organized.',
    });
    await organize.continueWithout(state.unusable);
    expect((await settled()).phase).toBe('completed');
    expect(fake.starts().map((call) => call.body.imageKeys)).toEqual([keys(3), ['k0', 'k2']]);
  });

  it('splits the parts again when the server takes fewer photos per job than the page thought', async () => {
    fake.onStart = (call) =>
      call.body.imageKeys.length > 100
        ? {
            status: 400,
            body: {
              error: {
                code: 'too_many_items',
                message: 'imageKeys: at most 100',
                details: { field: 'imageKeys', limit: 100 },
              },
            },
          }
        : undefined;
    await organize.startOrganizing(keys(250));
    expect((await settled()).phase).toBe('completed');
    expect(fake.starts().map((call) => call.body.imageKeys.length)).toEqual([250, 84, 83, 83]);
  });

  it('picks the parts up after a reload, from the first one not finished', async () => {
    fake.onStatus = (jobId) =>
      jobId === 'job-2' ? { status: 200, body: { jobId, status: 'processing' } } : undefined;
    organize.startOrganizing(keys(900));
    for (let wait = 0; wait < 500 && !fake.calls.some((call) => call.path.endsWith('job-2/status')); wait++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    const saved = JSON.parse(g.sessionStorage.getItem('momentarium.job'));
    expect(
      saved.parts.map((part: { done: boolean; jobId: string | null }) => [part.done, part.jobId]),
    ).toEqual([
      [true, 'job-1'],
      [false, 'job-2'],
    ]);

    // A new page: a fresh copy of the module, reading what the old one saved.
    organize.resetOrganizer();
    g.sessionStorage.setItem('momentarium.job', JSON.stringify(saved));
    fake.onStatus = () => undefined;
    const reloaded = await import(`${moduleUrl('organize.js')}?reload`);
    reloaded.resumeOrganizer();
    for (let wait = 0; wait < 500 && reloaded.organizerState().phase !== 'completed'; wait++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(reloaded.organizerState().phase).toBe('completed');
    // Part 1 was not started again; part 2's job was followed, not restarted.
    expect(fake.starts()).toHaveLength(2);
    expect(reloaded.progressOf().organizedPhotos).toBe(900);
  });
});
