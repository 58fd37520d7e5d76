/**
 * The command-line client's upload state: one JSON line per fact, kept across runs, a line cut short by
 * a crash ignored, files only the user can read, and one run per folder at a time.
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openUploadState } from '../../cli/upload-state.js';

let dir: string;
const owner = { api: 'http://api.test', user: 'local:ana', folder: '/photos' };
const entry = (file: string) => ({
  file,
  size: 1,
  mtimeMs: 1,
  sha256: 'a'.repeat(64),
  key: `key-${file}`,
  via: 'upload' as const,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'momentarium-cli-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the upload state (cli/upload-state.js)', () => {
  it('keeps what landed across runs, survives a torn last line, and is readable by its owner only', async () => {
    const first = await openUploadState(dir, owner);
    await first.recordFile(entry('a.jpg'));
    await first.recordFile(entry('b.jpg'));
    await first.forgetFile('b.jpg');
    await first.close();
    await appendFile(first.path, '{"file":"c.jpg","si'); // a crash mid-write

    const second = await openUploadState(dir, owner);
    expect([...second.files.keys()]).toEqual(['a.jpg']);
    expect((await stat(second.path)).mode & 0o777).toBe(0o600);
    await second.close();

    // Another account, or another API, has its own state for the same folder.
    const other = await openUploadState(dir, { ...owner, user: 'local:bob' });
    expect(other.files.size).toBe(0);
    await other.close();
  });

  it('refuses a second run on the same folder while the first is alive, and takes over a dead one', async () => {
    const state = await openUploadState(dir, owner);
    await state.close();
    const [lockName] = (await readdir(join(dir, 'uploads'))).filter((name) => name.endsWith('.jsonl'));
    const lockPath = join(dir, 'uploads', (lockName as string).replace(/\.jsonl$/, '.lock'));

    const alive = spawn('sleep', ['30']);
    try {
      await writeFile(lockPath, String(alive.pid));
      await expect(openUploadState(dir, owner)).rejects.toThrow(
        `Another momentarium (process ${alive.pid}) is working on this folder`,
      );
    } finally {
      alive.kill();
    }
    await new Promise((resolve) => alive.once('exit', resolve));
    const reopened = await openUploadState(dir, owner);
    expect(reopened.files.size).toBe(0);
    await reopened.close();
  });

  it('holds a lock that names its process from the moment it exists, and leaves nothing behind', async () => {
    const state = await openUploadState(dir, owner);
    const names = await readdir(join(dir, 'uploads'));
    const lockName = names.find((name) => name.endsWith('.lock')) as string;
    expect(await readFile(join(dir, 'uploads', lockName), 'utf8')).toBe(String(process.pid));
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    await state.close();
    expect((await readdir(join(dir, 'uploads'))).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('lets exactly one of many runs that find the same dead lock take it over', async () => {
    const state = await openUploadState(dir, owner);
    await state.close();
    const [stateName] = (await readdir(join(dir, 'uploads'))).filter((name) => name.endsWith('.jsonl'));
    const lockPath = join(dir, 'uploads', (stateName as string).replace(/\.jsonl$/, '.lock'));
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));

    // Each run opens the folder's state at about the same moment; one that gets it holds it until every
    // run has answered (its stdin closes then), so a run slow to start on a loaded machine still meets
    // the held lock rather than a released one.
    const run = `
      const { openUploadState } = await import(${JSON.stringify(pathToFileURL(join(process.cwd(), 'cli/upload-state.js')).href)});
      try {
        const state = await openUploadState(${JSON.stringify(dir)}, ${JSON.stringify(owner)});
        console.log('held');
        process.stdin.resume();
        await new Promise((resolve) => process.stdin.once('end', resolve));
        await state.close();
      } catch (error) {
        console.log(error.code ?? error.message);
      }`;
    for (let round = 0; round < 3; round++) {
      await writeFile(lockPath, String(dead.pid));
      const children = Array.from({ length: 6 }, () =>
        spawn(process.execPath, ['--input-type=module', '-e', run]),
      );
      const answers = children.map(
        (child) =>
          new Promise<string>((resolve, reject) => {
            let out = '';
            child.stdout.on('data', (chunk) => {
              out += chunk;
              if (out.includes('\n')) resolve(out.trim());
            });
            child.once('error', reject);
            child.once('exit', () => resolve(out.trim()));
          }),
      );
      const exited = children.map((child) => new Promise((resolve) => child.once('exit', resolve)));
      const outcomes = await Promise.all(answers);
      for (const child of children) child.stdin.end();
      await Promise.all(exited);
      expect(outcomes.sort()).toEqual(['busy', 'busy', 'busy', 'busy', 'busy', 'held']);
      expect(
        (await readdir(join(dir, 'uploads'))).filter((name) => /\.(lock|takeover|tmp)$/.test(name)),
      ).toEqual([]);
    }
  }, 60_000);
});
