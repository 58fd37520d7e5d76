/**
 * The upload queue (web/js/upload-queue.js) in Node, with the network and the hasher injected: how
 * long it keeps trying (a failed connection for minutes, an HTTP error a few times, both with capped,
 * jittered backoff), that an offline browser spends no attempts and the queue goes on by itself when
 * it is back online, that Pause holds everything and Resume sends it, and that files picked again
 * after a reload take the place of their earlier uploads by SHA-256 instead of being sent again.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB_ROOT } from '../../scripts/web-size.ts';

const moduleUrl = (name: string) => pathToFileURL(join(WEB_ROOT, 'js', name)).href;

let queueModule: any;
beforeAll(async () => {
  queueModule = await import(moduleUrl('upload-queue.js'));
});

/** Delays in milliseconds small enough for a unit test, in the shape of the real policy. */
const FAST = { firstDelayMs: 5, maxDelayMs: 40, connectionGiveUpMs: 300, httpTries: 4, refusedTries: 3 };

const photo = (name: string, text = name) =>
  new File([text], name, { type: 'image/jpeg', lastModified: 1_700_000_000_000 });
const sha256 = async (file: File) =>
  createHash('sha256')
    .update(Buffer.from(await file.arrayBuffer()))
    .digest('hex');

/** Storage and the URL endpoint as the queue sees them; `fail` decides each PUT's fate by file name. */
function fakeNetwork() {
  const network = {
    puts: [] as string[],
    asked: [] as string[],
    online: true,
    fail: (_name: string, _attempt: number): { status: number; message: string } | null => null,
    requestUrls: async (files: { name: string }[]) => {
      network.asked.push(...files.map((file) => file.name));
      return files.map((file) => ({
        status: 'upload',
        key: `u/${file.name}`,
        url: `http://storage/${file.name}`,
        headers: {},
        expiresAt: new Date(Date.now() + 300_000).toISOString(),
      }));
    },
    put: (item: { name: string }) => {
      network.puts.push(item.name);
      const attempt = network.puts.filter((name) => name === item.name).length;
      const failure = network.online ? network.fail(item.name, attempt) : { status: 0, message: 'offline' };
      let abort = () => {};
      const promise = new Promise<void>((resolve, reject) => {
        abort = () => reject(Object.assign(new Error('cancelled'), { status: -1 }));
        setTimeout(() => {
          if (failure) reject(Object.assign(new Error(failure.message), { status: failure.status }));
          else resolve();
        }, 2);
      });
      return { promise, abort: () => abort() };
    },
  };
  return network;
}

function queueOn(network: ReturnType<typeof fakeNetwork>, options: Record<string, unknown> = {}) {
  return queueModule.createUploadQueue({
    requestUrls: network.requestUrls,
    put: network.put,
    hash: sha256,
    retry: FAST,
    isOnline: () => network.online,
    ...options,
  });
}

async function settled(queue: any) {
  for (let wait = 0; wait < 1000; wait++) {
    if (queue.totals().pending === 0) return queue.totals();
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`still pending: ${JSON.stringify(queue.totals())}`);
}

const until = async (condition: () => boolean) => {
  for (let wait = 0; wait < 1000 && !condition(); wait++)
    await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
};

describe('backoff', () => {
  it('doubles from the first delay up to the cap, between half and all of it', () => {
    const { backoffDelay, RETRY } = queueModule;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, RETRY, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
    expect(backoffDelay(3, RETRY, () => 0)).toBe(2000);
    // The real policy rides out minutes of failed connections, not a second and a half.
    expect(RETRY.connectionGiveUpMs).toBeGreaterThanOrEqual(3 * 60_000);
  });
});

describe('retrying', () => {
  it('keeps retrying a failed connection and uploads once it holds', async () => {
    const network = fakeNetwork();
    network.fail = (_name, attempt) =>
      attempt <= 5 ? { status: 0, message: 'the connection failed' } : null;
    const queue = queueOn(network);
    queue.add([photo('a.jpg')]);
    expect(await settled(queue)).toMatchObject({ done: 1, failed: 0 });
    expect(network.puts).toHaveLength(6);
  });

  it('gives up on a connection that never comes back, and says why in words', async () => {
    const network = fakeNetwork();
    network.fail = () => ({ status: 0, message: 'the connection failed' });
    const queue = queueOn(network);
    queue.add([photo('a.jpg')]);
    expect(await settled(queue)).toMatchObject({ done: 0, failed: 1 });
    expect(queue.items[0].error).toBe('the connection failed (no connection for 1 minute)');
  });

  it('tries an HTTP error from storage a few times, then fails that file alone', async () => {
    const network = fakeNetwork();
    network.fail = (name) =>
      name === 'bad.jpg' ? { status: 503, message: 'storage is having trouble (HTTP 503)' } : null;
    const queue = queueOn(network);
    queue.add([photo('bad.jpg'), photo('good.jpg')]);
    expect(await settled(queue)).toMatchObject({ done: 1, failed: 1 });
    expect(network.puts.filter((name) => name === 'bad.jpg')).toHaveLength(FAST.httpTries);
    expect(queue.items[0].error).toBe('storage is having trouble (HTTP 503) (tried 4 times)');
  });
});

describe('offline and paused', () => {
  it('sends nothing while offline, spends no attempt, and goes on by itself when back online', async () => {
    const network = fakeNetwork();
    network.online = false;
    const queue = queueOn(network);
    queue.add([photo('a.jpg'), photo('b.jpg')]);
    await until(() => queue.items.every((item: { status: string }) => item.status === 'waiting'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(network.puts).toEqual([]);
    expect(queue.totals()).toMatchObject({ offline: true, pending: 2 });

    network.online = true;
    queue.setOnline(true);
    expect(await settled(queue)).toMatchObject({ done: 2, offline: false });
    expect(network.puts.sort()).toEqual(['a.jpg', 'b.jpg']);
  });

  it('puts an upload that the dropping connection broke back in line, and resumes it', async () => {
    const network = fakeNetwork();
    const queue = queueOn(network, {
      // A PUT that never ends by itself: only the connection dropping stops it.
      put: (item: { name: string }) => {
        network.puts.push(item.name);
        if (network.puts.length > 1) return network.put({ name: 'again' });
        let abort = () => {};
        const promise = new Promise<void>((_resolve, reject) => {
          abort = () => reject(Object.assign(new Error('cancelled'), { status: -1 }));
        });
        return { promise, abort: () => abort() };
      },
    });
    queue.add([photo('a.jpg')]);
    await until(() => queue.items[0].status === 'uploading' && network.puts.length === 1);
    network.online = false;
    queue.setOnline(false);
    await until(() => queue.items[0].status === 'waiting');
    expect(queue.items[0].error).toBeNull();
    network.online = true;
    queue.setOnline(true);
    expect(await settled(queue)).toMatchObject({ done: 1, failed: 0 });
  });

  it('holds everything on Pause and sends it on Resume', async () => {
    const network = fakeNetwork();
    const queue = queueOn(network);
    queue.pause();
    queue.add([photo('a.jpg')]);
    await until(() => queue.items[0].status === 'waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(network.puts).toEqual([]);
    expect(queue.totals().paused).toBe(true);
    queue.resume();
    expect(await settled(queue)).toMatchObject({ done: 1, paused: false });
  });
});

describe('a batch restored after a reload', () => {
  it('takes files picked again by SHA-256 in place of their uploads, and organizes the whole batch', async () => {
    const network = fakeNetwork();
    const queue = queueOn(network);
    const [a, b, c] = [
      photo('a.jpg', 'bytes of a'),
      photo('b.jpg', 'bytes of b'),
      photo('c.jpg', 'bytes of c'),
    ];
    queue.restore([
      {
        name: 'a.jpg',
        size: a.size,
        lastModified: 1,
        sha256: await sha256(a),
        status: 'done',
        key: 'u/a-before',
      },
      {
        name: 'b.jpg',
        size: b.size,
        lastModified: 2,
        sha256: await sha256(b),
        status: 'done',
        key: 'u/b-before',
      },
    ]);
    // b is not picked again: it stays in the batch, organized with the rest.
    queue.add([a, c]);
    expect(await settled(queue)).toMatchObject({ files: 3, done: 3, repeats: 0 });
    expect(network.asked).toEqual(['c.jpg']);
    expect(network.puts).toEqual(['c.jpg']);
    const picked = queue.items.find((item: { name: string }) => item.name === 'a.jpg');
    expect(picked).toMatchObject({ file: a, key: 'u/a-before', restored: true, status: 'done' });
    expect(queueModule.itemStatusText(picked, queue.totals())).toBe('Uploaded before the interruption');
    expect(queue.keysToOrganize().sort()).toEqual(['u/a-before', 'u/b-before', 'u/c.jpg']);
  });
});
