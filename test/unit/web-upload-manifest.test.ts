/**
 * The upload batch's manifest (web/js/upload-manifest.js): what a reload keeps of a batch (names,
 * sizes, hashes, per-file state and storage keys — no bytes), when there is nothing worth keeping, and
 * the sentence that names an interrupted batch.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WEB_ROOT } from '../../scripts/web-size.ts';

let manifest: any;
beforeAll(async () => {
  manifest = await import(pathToFileURL(join(WEB_ROOT, 'js', 'upload-manifest.js')).href);
});

class MemoryStorage {
  values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, String(value));
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

const startedAt = Date.parse('2026-12-02T14:02:30');
const item = (name: string, status: string, extra: Record<string, unknown> = {}) => ({
  name,
  size: 1000,
  lastModified: 5,
  addedAt: startedAt,
  sha256: `${name}-hash`,
  key: null,
  duplicate: null,
  status,
  ...extra,
});

describe('the manifest of an upload batch', () => {
  const batch = [
    item('a.jpg', 'done', { key: 'u/a' }),
    item('b.jpg', 'duplicate', { key: 'u/b', duplicate: { organized: false } }),
    item('c.jpg', 'duplicate', { key: 'u/c', duplicate: { organized: true } }),
    item('d.jpg', 'uploading'),
    item('e.jpg', 'failed'),
    item('f.jpg', 'cancelled'),
    item('g.jpg', 'repeat'),
  ];

  it('keeps each file’s name, size, hash, state and key, and leaves out what there is nothing to finish for', () => {
    const saved = manifest.manifestOf(batch);
    expect(saved.startedAt).toBe(startedAt);
    expect(
      saved.files.map((file: { name: string; state: string; key: string | null }) => [
        file.name,
        file.state,
        file.key,
      ]),
    ).toEqual([
      ['a.jpg', 'done', 'u/a'],
      ['b.jpg', 'duplicate', 'u/b'],
      ['c.jpg', 'known', 'u/c'],
      ['d.jpg', 'left', null],
      ['e.jpg', 'left', null],
    ]);
    expect(saved.files[0]).toEqual({
      name: 'a.jpg',
      size: 1000,
      lastModified: 5,
      sha256: 'a.jpg-hash',
      state: 'done',
      key: 'u/a',
    });
    expect(manifest.summarize(saved)).toEqual({ total: 5, done: 3, left: 2 });
    // What the queue can put back: files in the library that still need organizing.
    expect(manifest.restorable(saved).map((file: { name: string }) => file.name)).toEqual(['a.jpg', 'b.jpg']);
  });

  it('is nothing once every file is sent and handed to the organizer', () => {
    const sent = [
      item('a.jpg', 'done', { key: 'u/a' }),
      item('c.jpg', 'duplicate', { key: 'u/c', duplicate: { organized: true } }),
    ];
    expect(manifest.manifestOf(sent, new Set(['u/a']))).toBeNull();
    expect(manifest.manifestOf(sent)).not.toBeNull();
    expect(manifest.manifestOf([])).toBeNull();
  });

  it('names an interrupted batch by its size, start time and what is left', () => {
    const saved = manifest.manifestOf(batch);
    expect(manifest.describeInterrupted(saved, new Date(startedAt + 3_600_000))).toBe(
      'Your upload of 5 photos from 14:02 was interrupted: 3 done, 2 left. Pick the same files to finish.',
    );
    expect(manifest.describeInterrupted(saved, new Date(startedAt + 3 * 86_400_000))).toMatch(
      /^Your upload of 5 photos from 2 Dec, 14:02 was interrupted/,
    );
    const allSent = manifest.manifestOf([item('a.jpg', 'done', { key: 'u/a' })]);
    expect(manifest.describeInterrupted(allSent, new Date(startedAt))).toBe(
      'Your upload of 1 photo from 14:02 was interrupted: 1 done, 0 left. All of them reached your library; they still need organizing.',
    );
  });

  it('is saved per user, and an unreadable, too old or older-version one is ignored', () => {
    const storage = new MemoryStorage();
    const saved = manifest.manifestOf(batch);
    manifest.saveManifest(storage, 'ana', saved);
    expect(manifest.loadManifest(storage, 'ana', startedAt + 1000)).toEqual(saved);
    // A batch whose uploads storage may already have let go of (never organized: kept 6 days) is forgotten.
    expect(manifest.loadManifest(storage, 'ana', startedAt + manifest.MAX_AGE_MS)).toBeNull();
    expect(manifest.loadManifest(storage, 'ben')).toBeNull();
    storage.setItem(manifest.manifestKey('ben'), '{not json');
    expect(manifest.loadManifest(storage, 'ben')).toBeNull();
    storage.setItem(manifest.manifestKey('ben'), JSON.stringify({ ...saved, version: 0 }));
    expect(manifest.loadManifest(storage, 'ben')).toBeNull();
    manifest.saveManifest(storage, 'ana', null);
    expect(storage.getItem(manifest.manifestKey('ana'))).toBeNull();
  });
});
