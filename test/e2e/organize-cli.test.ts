/**
 * `npm run organize -- <folder>`: the operator's check of the model contract, run as a process the way
 * an operator runs it, against the strict fake Gemini server (and without a key, offline).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { makeJpeg } from '../fixtures/photos.ts';

const run = promisify(execFile);
const SCRIPT = new URL('../../scripts/organize.ts', import.meta.url).pathname;
let folder: string;
let gemini: FakeGemini;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'operator-key' });
  folder = await mkdtemp(join(tmpdir(), 'momentarium-organize-'));
  for (const day of [1, 2, 3]) {
    const bytes = await makeJpeg({ width: 800, height: 600, takenAt: new Date(Date.UTC(2026, 4, day, 10)) });
    await writeFile(join(folder, `IMG_${day}.jpg`), bytes);
  }
  await writeFile(join(folder, 'notes.jpg'), 'not a photo at all');
  await writeFile(join(folder, 'readme.txt'), 'ignored: not a photo type');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
  await gemini?.stop();
});

async function organize(env: Record<string, string>) {
  const { stdout } = await run(process.execPath, [SCRIPT, folder, '--json'], {
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return JSON.parse(stdout);
}

describe('npm run organize', () => {
  it('with a key: one model call for the folder, its albums, tokens, bytes sent and cost', async () => {
    const summary = await organize({ GEMINI_API_KEY: 'operator-key', GEMINI_BASE_URL: gemini.url });
    expect(gemini.requests).toHaveLength(1);
    expect(gemini.requests[0]?.path).toBe('/v1beta/models/gemini-3.5-flash-lite:generateContent');
    expect(summary).toMatchObject({
      organizer: 'gemini',
      model: 'gemini-3.5-flash-lite',
      fallbackReason: null,
      photos: 3,
      rejected: [{ file: 'notes.jpg', reason: expect.any(String) }],
      tokens: { input: expect.any(Number), output: expect.any(Number), thinking: 0 },
      estimatedCostUsd: expect.any(Number),
    });
    expect(summary.albums.flatMap((album: { files: string[] }) => album.files).sort()).toEqual([
      'IMG_1.jpg',
      'IMG_2.jpg',
      'IMG_3.jpg',
    ]);
    expect(summary.imageBytesSent).toBeGreaterThan(0);
    expect(summary.tokens.input).toBeGreaterThan(3 * 280);
  });

  it('without a key: the offline organizer, no model call, nothing billed', async () => {
    gemini.reset();
    const summary = await organize({ ORGANIZER: 'offline' });
    expect(gemini.requests).toHaveLength(0);
    expect(summary).toMatchObject({ organizer: 'offline', photos: 3, tokens: null, estimatedCostUsd: null });
  });

  it('says why when the model cannot be used, and still organizes offline', async () => {
    const summary = await organize({ GEMINI_API_KEY: 'a-wrong-key', GEMINI_BASE_URL: gemini.url });
    expect(summary).toMatchObject({
      organizer: 'offline',
      fallbackReason: expect.stringContaining('API key not valid'),
    });
  });
});
