/**
 * The command-line client's uploading, against a strict in-memory upload-URL route and a real HTTP
 * "storage" server on 127.0.0.1 that can fail on purpose: chunks within the API's limit, every signed
 * header sent, retries of what may pass, a fresh URL after a 403, duplicates never sent, identical
 * files sent once, and a second run that asks for nothing.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadFolder } from '../../cli/upload.js';
import { openUploadState } from '../../cli/upload-state.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let folder: string;
let storage: Server;
let storageUrl: string;
/** What storage received, by key; and the answers it gives first, by file name, before accepting. */
let stored: Map<string, { body: Buffer; headers: Record<string, unknown> }>;
let failFirst: Map<string, number[]>;
let puts: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'momentarium-cli-upload-'));
  folder = join(dir, 'photos');
  stored = new Map();
  failFirst = new Map();
  puts = [];
  storage = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const key = decodeURIComponent((request.url ?? '').slice(1));
    const name = key.split('/').pop() ?? '';
    puts.push(name);
    const planned = failFirst.get(name);
    const status = planned?.shift();
    if (status) {
      response.writeHead(status, { 'content-type': 'application/xml' });
      response.end(`<Error><Code>X</Code><Message>planned ${status}</Message></Error>`);
      return;
    }
    stored.set(key, { body: Buffer.concat(chunks), headers: request.headers });
    response.writeHead(200);
    response.end();
  });
  await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
  storageUrl = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => storage.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** POST /api/uploads/generate-urls in memory: `library` holds hashes already uploaded. */
function fakeApi(library: Map<string, { key: string; organized: boolean }> = new Map()) {
  const requests: { name: string; sha256: string; size: number }[][] = [];
  let issued = 0;
  return {
    requests,
    client: {
      api: 'http://api.test',
      hasToken: true,
      async request(path: string, init: { body?: any } = {}) {
        if (path !== '/api/uploads/generate-urls') throw new Error(`unexpected request ${path}`);
        const files = init.body.files;
        requests.push(files);
        const uploads = files.map((file: { name: string; sha256: string; size: number }) => {
          const copy = library.get(file.sha256);
          if (copy) {
            return {
              status: 'duplicate',
              key: copy.key,
              imageId: 'i',
              organized: copy.organized,
              message: 'already in your library',
            };
          }
          const key = `users/u/photos/${++issued}/${file.name}`;
          return {
            status: 'upload',
            key,
            url: `${storageUrl}/${encodeURIComponent(key)}`,
            method: 'PUT',
            headers: {
              'content-type': 'image/jpeg',
              'x-amz-checksum-sha256': Buffer.from(file.sha256, 'hex').toString('base64'),
            },
            expiresAt: new Date(Date.now() + 5 * 60_000).toISOString(),
          };
        });
        return { status: 200, body: { uploads } };
      },
    } as any,
  };
}

const progress = { line: () => {}, update: () => {}, done: () => {} };

async function upload(api: ReturnType<typeof fakeApi>, filesPerRequest = 2) {
  const state = await openUploadState(join(dir, 'config'), { api: 'http://api.test', user: 'u', folder });
  return uploadFolder({
    client: api.client,
    state,
    limits: { filesPerRequest, maxFileBytes: 1000, imagesPerJob: 500 },
    folder,
    concurrency: 2,
    progress,
    stopped: () => false,
  });
}

async function files(contents: Record<string, string>) {
  for (const [name, text] of Object.entries(contents)) {
    await mkdir(join(folder, name, '..'), { recursive: true });
    await writeFile(join(folder, name), text);
  }
}

describe('uploading a folder (cli/upload.js)', () => {
  it('asks for URLs in chunks within the limit, sends every file once with the signed headers', async () => {
    await files({ 'a.jpg': 'A', 'b.JPEG': 'B', 'sub/c.png': 'C', 'sub/deeper/d.webp': 'D', 'e.heic': 'E' });
    await files({
      'notes.txt': 'not a photo',
      '.hidden.jpg': 'H',
      '.cache/f.jpg': 'F',
      'too-big.jpg': 'x'.repeat(1001),
    });
    const api = fakeApi();
    const summary = await upload(api);

    expect(api.requests.map((chunk) => chunk.length)).toEqual([2, 2, 1]);
    expect(api.requests.flat().map((file) => [file.name, file.sha256])).toEqual(
      [
        ['a.jpg', 'A'],
        ['b.JPEG', 'B'],
        ['e.heic', 'E'],
        ['c.png', 'C'],
        ['d.webp', 'D'],
      ].map(([name, text]) => [name, sha256(text as string)]),
    );
    expect(summary.uploaded.sort()).toEqual(['a.jpg', 'b.JPEG', 'e.heic', 'sub/c.png', 'sub/deeper/d.webp']);
    expect(summary.skipped).toEqual([
      { file: 'too-big.jpg', reason: "is larger than the API's 1 KiB limit" },
    ]);
    expect(summary.ignored).toBe(1);
    expect([...stored.values()].map((put) => put.body.toString()).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
    for (const put of stored.values()) {
      expect(put.headers['x-amz-checksum-sha256']).toBe(
        Buffer.from(sha256(put.body), 'hex').toString('base64'),
      );
      expect(put.headers['content-type']).toBe('image/jpeg');
    }

    // A second run asks for nothing and sends nothing.
    const again = await upload(api);
    expect(api.requests).toHaveLength(3);
    expect(again.alreadyUploaded).toHaveLength(5);
    expect(again.uploaded).toEqual([]);
  });

  it('retries a storage error that may pass, and asks a fresh URL after a 403', async () => {
    await files({ 'busy.jpg': 'busy', 'expired.jpg': 'expired', 'broken.jpg': 'broken' });
    failFirst.set('busy.jpg', [503, 500]);
    failFirst.set('expired.jpg', [403]);
    failFirst.set('broken.jpg', [400]);
    const api = fakeApi();
    const summary = await upload(api, 100);

    expect(summary.uploaded.sort()).toEqual(['busy.jpg', 'expired.jpg']);
    expect(summary.failed).toEqual([
      { file: 'broken.jpg', reason: 'storage answered HTTP 400: planned 400' },
    ]);
    expect(puts.filter((name) => name === 'busy.jpg')).toHaveLength(3);
    // The 403 made the client ask for a new URL for that file alone.
    expect(api.requests.map((chunk) => chunk.map((file) => file.name))).toEqual([
      ['broken.jpg', 'busy.jpg', 'expired.jpg'],
      ['expired.jpg'],
    ]);
  }, 30_000);

  it('never sends a file the library holds, and sends identical files in the folder once', async () => {
    await files({ 'known.jpg': 'known', 'twin-1.jpg': 'twin', 'twin-2.jpg': 'twin', 'new.jpg': 'new' });
    const api = fakeApi(
      new Map([[sha256('known'), { key: 'users/u/photos/0/known.jpg', organized: false }]]),
    );
    const summary = await upload(api);

    expect(summary.inLibrary).toEqual([{ file: 'known.jpg', organized: false }]);
    expect(summary.sameInFolder).toEqual(['twin-2.jpg']);
    expect(summary.uploaded.sort()).toEqual(['new.jpg', 'twin-1.jpg']);
    expect(api.requests.flat().map((file) => file.name)).not.toContain('twin-2.jpg');
    expect(puts.sort()).toEqual(['new.jpg', 'twin-1.jpg']);

    // The library copy (not organized) and both twins (one key) are what organizing will get.
    const state = await openUploadState(join(dir, 'config'), { api: 'http://api.test', user: 'u', folder });
    expect(state.files.get('twin-2.jpg')?.key).toBe(state.files.get('twin-1.jpg')?.key);
    expect(state.keysToOrganize()).toHaveLength(3);
    expect(state.keysToOrganize()).toContain('users/u/photos/0/known.jpg');
  });

  it('sends a file again when it changed since the last run', async () => {
    await files({ 'edited.jpg': 'before' });
    const api = fakeApi();
    await upload(api);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await files({ 'edited.jpg': 'after, and longer' });
    const summary = await upload(api);
    expect(summary.uploaded).toEqual(['edited.jpg']);
    expect(api.requests.at(-1)?.[0]?.sha256).toBe(sha256('after, and longer'));
  });
});
