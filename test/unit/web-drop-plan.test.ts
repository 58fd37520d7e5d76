/**
 * The pure parts of a drop of any size (web/js/drop-plan.js), and the upload queue's duplicate handling
 * with an injected hash and server: how the photos are split into jobs, what the one progress display
 * says, and the sentences a refusal becomes.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { MAX_FILES_PER_REQUEST, MAX_IMAGES_PER_JOB } from '../../lambdas/core/upload-policy.ts';
import { WEB_ROOT } from '../../scripts/web-size.ts';

/** The web modules are plain JavaScript without types: loaded by URL, they come back untyped. */
const webModule = (name: string): Promise<any> => import(pathToFileURL(join(WEB_ROOT, 'js', name)).href);

const keys = (count: number) => Array.from({ length: count }, (_, index) => `k${index}`);

describe('splitIntoParts', () => {
  it('keeps a batch the API takes in one job, and splits a bigger one evenly', async () => {
    const { splitIntoParts } = await webModule('drop-plan.js');
    expect(splitIntoParts(keys(1)).map((part: string[]) => part.length)).toEqual([1]);
    expect(splitIntoParts(keys(MAX_IMAGES_PER_JOB)).map((part: string[]) => part.length)).toEqual([500]);
    expect(splitIntoParts(keys(501)).map((part: string[]) => part.length)).toEqual([251, 250]);
    expect(splitIntoParts(keys(600)).map((part: string[]) => part.length)).toEqual([300, 300]);
    expect(splitIntoParts(keys(2000)).map((part: string[]) => part.length)).toEqual([500, 500, 500, 500]);
    expect(splitIntoParts(keys(2001)).map((part: string[]) => part.length)).toEqual([
      401, 400, 400, 400, 400,
    ]);
    expect(splitIntoParts([])).toEqual([]);
    expect(() => splitIntoParts(keys(3), 0)).toThrow(RangeError);
  });

  it('never exceeds the limit, uses as few jobs as it can, and keeps every key once, in order', async () => {
    const { splitIntoParts } = await webModule('drop-plan.js');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 700 }), (count, limit) => {
        const parts: string[][] = splitIntoParts(keys(count), limit);
        expect(parts.every((part) => part.length >= 1 && part.length <= limit)).toBe(true);
        expect(parts).toHaveLength(Math.ceil(count / limit));
        expect(parts.flat()).toEqual(keys(count));
        // Even: no part is more than one photo bigger than another.
        const sizes = parts.map((part) => part.length);
        if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('describeProgress', () => {
  const totals = (changes: Record<string, number>) => ({
    files: 0,
    bytes: 0,
    loaded: 0,
    checking: 0,
    done: 0,
    duplicates: 0,
    repeats: 0,
    failed: 0,
    cancelled: 0,
    pending: 0,
    ...changes,
  });

  it('says each phase in words, with one bar from the first hash to the last job', async () => {
    const { describeProgress } = await webModule('drop-plan.js');
    expect(describeProgress(totals({ files: 2000, checking: 1880, pending: 2000 }), null)).toEqual({
      phase: 'checking',
      text: 'Checking 120 of 2,000 photos against your library',
      value: 120,
      max: 2000,
    });
    expect(
      describeProgress(
        totals({ files: 2000, done: 1200, duplicates: 50, pending: 750, bytes: 4096, loaded: 2048 }),
        null,
      ).text,
    ).toBe('1,200 of 1,950 photos uploaded · 2.0 KB of 4.0 KB · 50 already in your library');
    expect(describeProgress(totals({ files: 4, done: 4, bytes: 10, loaded: 10 }), null).text).toBe(
      '4 of 4 photos uploaded · 10 bytes of 10 bytes',
    );
    expect(describeProgress(totals({ files: 3, duplicates: 2, repeats: 1 }), null)).toEqual({
      phase: 'uploaded',
      text: 'Nothing new to upload · 2 already in your library · 1 file twice in this drop',
      value: 1,
      max: 1,
    });
    const organizing = { phase: 'running', parts: 4, current: 1, organizedPhotos: 500, totalPhotos: 2000 };
    expect(describeProgress(totals({ files: 2000, done: 2000 }), organizing)).toEqual({
      phase: 'organizing',
      text: 'Organizing part 2 of 4 · 500 of 2,000 photos organized',
      value: 500,
      max: 2000,
    });
    expect(describeProgress(totals({}), { ...organizing, phase: 'failed' }).text).toBe(
      'Organizing stopped at part 2 of 4 · 500 of 2,000 photos organized',
    );
    expect(
      describeProgress(totals({}), { ...organizing, phase: 'completed', organizedPhotos: 2000 }),
    ).toEqual({
      phase: 'done',
      text: 'All 2,000 photos organized',
      value: 2000,
      max: 2000,
    });
    // One job needs no parts in its words.
    expect(
      describeProgress(totals({}), {
        phase: 'running',
        parts: 1,
        current: 0,
        organizedPhotos: 0,
        totalPhotos: 1,
      }).text,
    ).toBe('Organizing');
  });
});

describe('explainProblem', () => {
  const refusal = (status: number, code: string, message: string, details?: Record<string, unknown>) =>
    Object.assign(new Error(message), { status, code, details });

  it('turns server codes into sentences and never shows a validator message', async () => {
    const { explainProblem, unusableKeys } = await webModule('drop-plan.js');
    const raw = refusal(400, 'invalid_request', 'imageKeys: Too big: expected array to have <=500 items');
    expect(explainProblem(raw)).not.toMatch(/too big|expected|imageKeys/i);
    expect(explainProblem(raw)).toMatch(/^The server could not read this request\./);
    expect(explainProblem(refusal(400, 'too_many_items', 'x', { limit: 300 }))).toBe(
      'The server takes at most 300 at once, fewer than this page sent. Reload the page and try again.',
    );
    const missing = refusal(409, 'upload_missing', '2 image(s) have not been uploaded', { keys: ['a', 'b'] });
    expect(explainProblem(missing)).toBe('2 photos did not reach storage, so they cannot be organized.');
    expect(unusableKeys(missing)).toEqual(['a', 'b']);
    const gone = refusal(404, 'not_found', 'image not found', { keys: ['a'] });
    expect(explainProblem(gone)).toBe('1 photo is no longer in your library (deleted meanwhile).');
    expect(unusableKeys(gone)).toEqual(['a']);
    expect(unusableKeys(raw)).toEqual([]);
    expect(explainProblem(refusal(429, 'too_many_requests', 'Too Many Requests'))).toBe(
      'The server is busy. Wait a moment and try again.',
    );
    // A message the server wrote for people passes through.
    expect(
      explainProblem(refusal(503, 'service_unavailable', 'The job queue is unavailable; try again')),
    ).toBe('The job queue is unavailable; try again');
  });
});

describe('the upload queue with duplicates', () => {
  /** A file whose bytes are its name's, so two files with the same text are the same file. */
  const file = (name: string, text = name) => new File([text], name, { type: 'image/jpeg', lastModified: 1 });

  async function queueWith(library: Set<string>, organized = true) {
    const { createUploadQueue } = await webModule('upload-queue.js');
    const requested: { name: string; sha256?: string }[][] = [];
    const sent: string[] = [];
    const queue = createUploadQueue({
      requestUrls: async (files: { name: string; sha256?: string }[]) => {
        requested.push(files);
        return files.map((entry, index) =>
          entry.sha256 && library.has(entry.sha256)
            ? { status: 'duplicate', key: `old-${entry.name}`, imageId: 'i', organized }
            : {
                status: 'upload',
                key: `new-${index}`,
                url: 'u',
                headers: {},
                expiresAt: '2999-01-01T00:00:00Z',
              },
        );
      },
      put: (item: { name: string }) => {
        sent.push(item.name);
        return { promise: Promise.resolve(), abort: () => {} };
      },
    });
    const settle = async () => {
      while (queue.totals().pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    };
    return { queue, requested, sent, settle };
  }

  const sha256 = async (text: string) =>
    Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');

  it('sends each file’s SHA-256, uploads only what the library lacks, and organizes only what is new', async () => {
    const { queue, requested, sent, settle } = await queueWith(new Set([await sha256('known.jpg')]));
    queue.add([file('known.jpg'), file('new.jpg'), file('copy-of-new.jpg', 'new.jpg')]);
    await settle();
    expect(requested).toHaveLength(1);
    expect(requested[0]?.map((entry) => entry.sha256)).toEqual([
      await sha256('known.jpg'),
      await sha256('new.jpg'),
    ]);
    expect(sent).toEqual(['new.jpg']);
    expect(queue.items.map((item: { status: string }) => item.status)).toEqual([
      'duplicate',
      'done',
      'repeat',
    ]);
    expect(queue.items[2].repeatOf).toBe('new.jpg');
    expect(queue.totals()).toMatchObject({ files: 3, done: 1, duplicates: 1, repeats: 1, bytes: 7 });
    expect(queue.keysToOrganize()).toEqual(['new-1']);
    queue.clear();
  });

  it('organizes a known photo that was never organized, with the new ones', async () => {
    const { queue, sent, settle } = await queueWith(new Set([await sha256('known.jpg')]), false);
    queue.add([file('known.jpg'), file('new.jpg')]);
    await settle();
    expect(sent).toEqual(['new.jpg']);
    expect(queue.keysToOrganize().sort()).toEqual(['new-1', 'old-known.jpg']);
    queue.clear();
  });

  it(`asks for URLs in requests of at most ${MAX_FILES_PER_REQUEST}, each hash once`, async () => {
    const { queue, requested, settle } = await queueWith(new Set());
    queue.add(Array.from({ length: 2 * MAX_FILES_PER_REQUEST + 5 }, (_, index) => file(`p${index}.jpg`)));
    await settle();
    expect(Math.max(...requested.map((batch) => batch.length))).toBeLessThanOrEqual(MAX_FILES_PER_REQUEST);
    const hashes = requested.flat().map((entry) => entry.sha256);
    expect(hashes).toHaveLength(2 * MAX_FILES_PER_REQUEST + 5);
    expect(new Set(hashes).size).toBe(hashes.length);
    queue.clear();
  });
});
