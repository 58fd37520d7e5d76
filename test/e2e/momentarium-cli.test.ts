/**
 * The `momentarium` command-line client, run as a user runs it: the real bin as a child process, on the
 * `node` of the user's PATH (not the project's Node 24), against the whole local app behind a proxy
 * that writes down every request, so the last test can hold each one against docs/openapi.json.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { freePort } from '../../lambdas/local-runtime/free-port.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';
import { checkAnswer, checkRequest } from '../support/openapi-contract.ts';
import { type RecordingProxy, startRecordingProxy } from '../support/recording-proxy.ts';

const CLI = fileURLToPath(new URL('../../cli/momentarium.js', import.meta.url));
/** The PATH a user has: without node_modules/.bin, where npm puts the project's Node 24. */
const USER_PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => !dir.includes('node_modules'))
  .join(delimiter);

let harness: Harness;
let proxy: RecordingProxy;
let scratch: string;
/** The signed-in user's config home (XDG_CONFIG_HOME). */
let home: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(
  args: string[],
  options: {
    config?: string;
    env?: Record<string, string>;
    stdin?: string;
    during?: (child: ChildProcess) => void;
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, {
      env: { PATH: USER_PATH, HOME: scratch, XDG_CONFIG_HOME: options.config ?? home, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
    options.during?.(child);
  });
}

/** Fails with what the client printed when it exits with another code. */
function expectExit(run: Run, code: number) {
  if (run.code !== code) {
    throw new Error(`exit ${run.code}, expected ${code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
}

/** Runs with --json and parses standard output (which must be exactly one JSON document). */
async function runJson(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  const run = await runCli([...args, '--json'], options);
  let json: any;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    throw new Error(`not JSON (exit ${run.code}): ${run.stdout}\nstderr: ${run.stderr}`);
  }
  return { ...run, json };
}

const savedToken = async () =>
  JSON.parse(await readFile(join(home, 'momentarium', 'config.json'), 'utf8')).sessions[proxy.url]
    .token as string;

const generateUrlRequests = () => proxy.exchanges.filter((e) => e.path === '/api/uploads/generate-urls');

/** A real JPEG, distinct from every other (its own time), taken at a place. */
async function photo(path: string, takenAt: Date, gps?: { latitude: number; longitude: number }) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, await makeJpeg({ width: 320, height: 240, takenAt, ...(gps ? { gps } : {}) }));
}

const PORTO = { latitude: 41.1496, longitude: -8.611 };
const LISBON = { latitude: 38.7223, longitude: -9.1393 };
const at = (year: number, month: number, day: number, hour: number) =>
  new Date(Date.UTC(year, month - 1, day, hour));

beforeAll(async () => {
  harness = await startHarness();
  proxy = await startRecordingProxy(harness.app.url);
  scratch = await mkdtemp(join(tmpdir(), 'momentarium-cli-'));
  home = join(scratch, 'config');
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await harness?.stop();
  await rm(scratch, { recursive: true, force: true });
});

describe('momentarium (the command-line client)', () => {
  it('runs on the node of the user PATH, and says how to use it', async () => {
    const help = await runCli(['--help']);
    expectExit(help, 0);
    expect(help.stdout).toContain('Usage: momentarium <command>');
    expect(help.stdout).toContain('4  not signed in');
  });

  it('exits 2 on a wrong command line, saying what is wrong', async () => {
    for (const args of [
      [],
      ['upload'],
      ['fly'],
      ['albums', '--bogus'],
      ['status', 'not-a-job-id'],
      ['upload', scratch, '--concurrency', '0'],
      ['upload', join(scratch, 'no-such-folder')],
    ]) {
      const run = await runCli(args);
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toMatch(/^momentarium: .+\nRun "momentarium .*--help" for usage\.\n$/);
    }
  });

  it('exits 4 when not signed in, and 1 when the API cannot be reached', async () => {
    const signedOut = await runCli(['albums', '--api', proxy.url]);
    expectExit(signedOut, 4);
    expect(signedOut.stderr).toContain('Not signed in');

    // A port nothing listens on: connection refused, retried with backoff, then given up.
    const closed = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await runJson(['albums', '--api', closed, '--token', 'a.b.c']);
    expectExit(unreachable, 1);
    expect(unreachable.json.error).toEqual({
      code: 'unreachable',
      message: `Cannot reach the Momentarium API at ${closed}: connection refused (is it running?).`,
    });
    expect(unreachable.stderr).not.toMatch(/\n\s+at /); // no stack
  }, 30_000);

  it('signs in locally and keeps the token in a file only the user can read, never printing it', async () => {
    const run = await runCli(['login', '--username', 'cli-ana', '--api', proxy.url]);
    expectExit(run, 0);
    expect(run.stdout).toContain(`Signed in to ${proxy.url} as cli-ana`);
    const token = await savedToken();
    expect(token.split('.')).toHaveLength(3);
    expect(run.stdout + run.stderr).not.toContain(token);
    expect((await stat(join(home, 'momentarium', 'config.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, 'momentarium'))).mode & 0o777).toBe(0o700);
  });

  const trip = () => join(scratch, 'trip');

  it('uploads a folder with nested subfolders, organizes, waits and prints the albums', async () => {
    await photo(join(trip(), 'porto', 'day-1', 'IMG_0001.jpg'), at(2019, 5, 2, 10), PORTO);
    await photo(join(trip(), 'porto', 'day-1', 'IMG_0002.jpg'), at(2019, 5, 2, 11), PORTO);
    await photo(join(trip(), 'porto', 'IMG_0003.jpg'), at(2019, 5, 2, 12), PORTO);
    await photo(join(trip(), 'lisbon', 'a', 'b', 'IMG_0100.jpg'), at(2021, 8, 10, 9), LISBON);
    await photo(join(trip(), 'lisbon', 'IMG_0101.jpg'), at(2021, 8, 10, 10), LISBON);
    await photo(join(trip(), 'IMG_0102.jpg'), at(2021, 8, 10, 11), LISBON);
    // Never sent: hidden files and folders, and files that are not photos.
    await photo(join(trip(), '.thumbnails', 'IMG_0001.jpg'), at(2000, 1, 1, 1));
    await photo(join(trip(), '.hidden.jpg'), at(2000, 1, 1, 2));
    await writeFile(join(trip(), 'notes.txt'), 'not a photo');

    const run = await runCli(['upload', trip(), '--wait']);
    expectExit(run, 0);
    expect(run.stdout).toContain('6 photos: uploaded 6.');
    expect(run.stdout).toMatch(/Job [0-9a-f-]{36}: completed, 6 photos: 2 new albums \(offline organizer\)/);
    expect(run.stdout).toContain('Your albums (2):');
    expect(run.stderr).toContain('(1 other file(s) ignored)');

    const token = await savedToken();
    const gallery = await harness.api('/api/galleries/me', { token });
    const albums = gallery.body.albums as { title: string; photoCount: number; images: any[] }[];
    expect(albums.map((album) => album.photoCount).sort()).toEqual([3, 3]);
    for (const album of albums) expect(run.stdout).toContain(`  ${album.title} (3 photos)`);
    const names = albums.flatMap((album) => album.images.map((image) => image.originalFilename)).sort();
    expect(names).toEqual([
      'IMG_0001.jpg',
      'IMG_0002.jpg',
      'IMG_0003.jpg',
      'IMG_0100.jpg',
      'IMG_0101.jpg',
      'IMG_0102.jpg',
    ]);

    // One generate-urls request, every file with its SHA-256.
    const asked = generateUrlRequests().flatMap((e) => (e.body as any).files);
    expect(asked).toHaveLength(6);
    for (const file of asked) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('run again: everything is skipped as already uploaded, nothing asked for, nothing organized again', async () => {
    const before = proxy.exchanges.length;
    const run = await runJson(['upload', trip(), '--wait']);
    expectExit(run, 0);
    expect(run.json).toMatchObject({
      exitCode: 0,
      upload: { found: 6, uploaded: [], skipped: [], failed: [] },
      jobs: [],
    });
    expect(run.json.upload.alreadyUploaded).toHaveLength(6);
    expect(run.json.albums).toHaveLength(2);
    const since = proxy.exchanges.slice(before).map((e) => `${e.method} ${e.path}`);
    expect(since).not.toContain('POST /api/uploads/generate-urls');
    expect(since).not.toContain('POST /api/galleries/process');
  }, 60_000);

  it('from another machine (no upload state), the same photos are found in the library and not sent', async () => {
    const token = await savedToken();
    const elsewhere = join(scratch, 'another-machine');
    const run = await runJson(['upload', trip(), '--wait', '--api', proxy.url, '--token', token], {
      config: elsewhere,
    });
    expectExit(run, 0);
    expect(run.json.upload.uploaded).toEqual([]);
    expect(run.json.upload.inLibrary).toHaveLength(6);
    expect(run.json.upload.inLibrary.every((item: { organized: boolean }) => item.organized)).toBe(true);
    expect(run.json.jobs).toEqual([]);
    const gallery = await harness.api('/api/galleries/me', { token });
    expect(gallery.body.albums.map((album: { photoCount: number }) => album.photoCount).sort()).toEqual([
      3, 3,
    ]);
  }, 60_000);

  it('a later photo of the same day joins the album the first batch made, and says so', async () => {
    await photo(join(trip(), 'porto', 'later', 'IMG_0004.jpg'), at(2019, 5, 2, 13), PORTO);
    const run = await runJson(['upload', trip(), '--wait']);
    expectExit(run, 0);
    expect(run.json.upload.uploaded).toEqual(['porto/later/IMG_0004.jpg']);
    const porto = run.json.albums.find((album: { title: string }) => album.title.startsWith('Porto'));
    expect(run.json.jobs).toMatchObject([
      {
        status: 'completed',
        imageCount: 1,
        newAlbumCount: 0,
        joinedAlbums: [{ title: porto.title, added: 1 }],
      },
    ]);
    expect(porto.photoCount).toBe(4);
    expect(run.json.albums).toHaveLength(2);

    const human = await runCli(['status', run.json.jobs[0].jobId]);
    expectExit(human, 0);
    expect(human.stdout).toContain(
      `completed, 1 photo: 1 photo added to “${porto.title}” (offline organizer)`,
    );
  }, 120_000);

  it('resumes: a second run sends only the files the first did not', async () => {
    const folder = join(scratch, 'growing');
    for (const hour of [8, 9, 10]) await photo(join(folder, `first-${hour}.jpg`), at(2022, 3, 1, hour));
    const first = await runJson(['upload', folder]);
    expectExit(first, 0);
    expect(first.json.upload.uploaded).toHaveLength(3);

    for (const hour of [11, 12, 13])
      await photo(join(folder, 'later', `second-${hour}.jpg`), at(2022, 3, 1, hour));
    const before = generateUrlRequests().length;
    const second = await runJson(['upload', folder, '--wait']);
    expectExit(second, 0);
    expect(second.json.upload.alreadyUploaded.sort()).toEqual(['first-10.jpg', 'first-8.jpg', 'first-9.jpg']);
    expect(second.json.upload.uploaded.sort()).toEqual([
      'later/second-11.jpg',
      'later/second-12.jpg',
      'later/second-13.jpg',
    ]);
    const asked = generateUrlRequests()
      .slice(before)
      .flatMap((e) => (e.body as any).files.map((file: { name: string }) => file.name));
    expect(asked.sort()).toEqual(['second-11.jpg', 'second-12.jpg', 'second-13.jpg']);
    // The three from the first run were organized with the rest: one job of all six.
    expect(second.json.jobs).toMatchObject([{ status: 'completed', imageCount: 6 }]);
  }, 120_000);

  it('Ctrl+C stops after the files in flight; the same command then uploads only the rest', async () => {
    const folder = join(scratch, 'interrupted');
    const config = join(scratch, 'interrupted-config');
    const count = 30;
    await mkdir(folder, { recursive: true });
    for (let index = 0; index < count; index++) {
      // Noise compresses badly: files large enough that uploading all of them takes a while.
      const noise = randomBytes(500 * 500 * 3);
      const bytes = await sharp(noise, { raw: { width: 500, height: 500, channels: 3 } })
        .jpeg({ quality: 95 })
        .toBuffer();
      await writeFile(join(folder, `${String(index).padStart(2, '0')}.jpg`), bytes);
    }
    const token = await savedToken();
    const args = ['upload', folder, '--concurrency', '1', '--api', proxy.url, '--token', token];

    const interrupted = await runJson(args, {
      config,
      during: (child) => {
        // Ctrl+C (once: twice quits at once) as soon as the state file shows a landed photo.
        let sent = false;
        const timer = setInterval(async () => {
          const dir = join(config, 'momentarium', 'uploads');
          const files = await readdir(dir).catch(() => []);
          const text = files[0] ? await readFile(join(dir, files[0]), 'utf8').catch(() => '') : '';
          if (text.includes('"via":"upload"') && !sent) {
            sent = true;
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 10);
        child.on('close', () => clearInterval(timer));
      },
    });
    expectExit(interrupted, 130);
    const landed = interrupted.json.upload.uploaded.length;
    expect(landed).toBeGreaterThanOrEqual(1);
    expect(landed).toBeLessThan(count);
    expect(interrupted.json.upload.notReached).toBe(count - landed);
    expect(interrupted.json.interrupted).toBe(true);
    expect(interrupted.stderr).toContain('Run the same command again');

    const resumed = await runJson([...args, '--wait'], { config });
    expectExit(resumed, 0);
    expect(resumed.json.upload.alreadyUploaded).toHaveLength(landed);
    expect(resumed.json.upload.uploaded).toHaveLength(count - landed);
    expect(new Set([...interrupted.json.upload.uploaded, ...resumed.json.upload.uploaded]).size).toBe(count);
    // Every photo landed exactly once: one job of all of them, none rejected as a second copy.
    expect(resumed.json.jobs).toMatchObject([{ status: 'completed', imageCount: count, rejected: [] }]);
  }, 180_000);

  it('exits 3 and names the files when some are skipped or cannot be read', async () => {
    const folder = join(scratch, 'mixed');
    await photo(join(folder, 'good.jpg'), at(2023, 7, 1, 12));
    await writeFile(join(folder, 'empty.jpg'), '');
    await writeFile(join(folder, 'notes.jpg'), 'this is text, not a JPEG');
    await symlink(join(folder, 'gone.jpg'), join(folder, 'broken-link.jpg'));
    const run = await runJson(['upload', folder, '--wait']);
    expectExit(run, 3);
    expect(run.json.exitCode).toBe(3);
    expect(run.json.upload.skipped).toEqual([
      { file: 'broken-link.jpg', reason: expect.stringContaining('could not be read') },
      { file: 'empty.jpg', reason: 'is empty (0 bytes)' },
    ]);
    expect(run.json.jobs).toMatchObject([
      { status: 'completed', imageCount: 2, rejected: [{ file: 'notes.jpg', reason: expect.any(String) }] },
    ]);

    const human = await runCli(['organize', folder]);
    expectExit(human, 0);
    expect(human.stdout).toContain('Nothing to organize');
  }, 120_000);

  it('exits 4 when the API rejects the token, with its words', async () => {
    const run = await runJson(['albums', '--api', proxy.url, '--token', 'not.a.token']);
    expectExit(run, 4);
    expect(run.json.error).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining('did not accept the token'),
    });
    expect(run.stderr).toContain('momentarium login');
  });

  it('lists albums and shows a job, as JSON for scripts', async () => {
    const albums = await runJson(['albums']);
    expectExit(albums, 0);
    expect(albums.json.albums.length).toBeGreaterThanOrEqual(2);
    for (const album of albums.json.albums) {
      expect(album).toEqual({
        id: expect.any(String),
        title: expect.any(String),
        description: expect.any(String),
        photoCount: expect.any(Number),
      });
    }
    const jobId = (proxy.exchanges.find((e) => e.path === '/api/galleries/process')?.answer as any)?.jobId;
    const status = await runJson(['status', jobId, '--wait']);
    expectExit(status, 0);
    expect(status.json.job).toMatchObject({ jobId, status: 'completed', imageCount: 6, rejected: [] });
  });

  it('made only requests that docs/openapi.json describes, and got only answers it describes', () => {
    const operations = new Set<string>();
    for (const exchange of proxy.exchanges) {
      // The local runtime's sign-in is the one route outside the document (it does not exist in AWS).
      if (exchange.path === '/api/local/sessions') continue;
      checkRequest(exchange.method, exchange.path, exchange.headers, exchange.body);
      checkAnswer(exchange.method, exchange.path, exchange.status, exchange.answer);
      operations.add(`${exchange.method} ${exchange.path.replace(/[0-9a-f-]{36}/, '{id}')}`);
    }
    expect([...operations].sort()).toEqual([
      'GET /api/galleries/me',
      'GET /api/jobs/{id}/status',
      'GET /api/openapi.json',
      'GET /api/settings',
      'POST /api/galleries/process',
      'POST /api/uploads/generate-urls',
    ]);
    // Every organize request carried an Idempotency-Key.
    for (const exchange of proxy.exchanges.filter((e) => e.path === '/api/galleries/process')) {
      expect(exchange.headers['idempotency-key']).toMatch(/^momentarium-cli-[0-9a-f-]{36}$/);
    }
  });
});
