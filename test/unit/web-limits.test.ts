/**
 * The web app's limits come from the server's core, through the generated web/js/limits.js: the
 * committed file must be what the generator writes, and no other web file may carry its own copy.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PAGE_LIMITS } from '../../lambdas/core/album-page.ts';
import {
  ALLOWED_CONTENT_TYPES,
  LAST_MODIFIED_MAX,
  MAX_BULK_PHOTOS,
  MAX_FILE_BYTES,
  MAX_FILENAME_LENGTH,
  MAX_FILES_PER_REQUEST,
  MAX_IMAGES_PER_JOB,
} from '../../lambdas/core/upload-policy.ts';
import {
  MAX_ALBUM_DESCRIPTION_LENGTH,
  MAX_ALBUM_TITLE_LENGTH,
} from '../../lambdas/core/use-cases/edit-albums.ts';
import { renderWebLimits, WEB_LIMITS_COMMAND, WEB_LIMITS_PATH } from '../../scripts/web-limits.ts';
import { WEB_ROOT } from '../../scripts/web-size.ts';

const WEB_JS = join(WEB_ROOT, 'js');

/** The web modules are plain JavaScript without types: loaded by URL, they come back untyped. */
const webModule = (name: string): Promise<any> => import(pathToFileURL(join(WEB_JS, name)).href);

describe('web/js/limits.js', () => {
  it('is exactly what the generator writes from the core constants', () => {
    const committed = readFileSync(WEB_LIMITS_PATH, 'utf8');
    if (committed !== renderWebLimits()) {
      throw new Error(
        `web/js/limits.js is out of date with the server's limits (or was edited by hand): run \`${WEB_LIMITS_COMMAND}\` and commit the result.`,
      );
    }
  });

  it("holds the server's values, frozen", async () => {
    const { LIMITS } = await webModule('limits.js');
    expect(LIMITS).toEqual({
      maxFileBytes: MAX_FILE_BYTES,
      maxFilenameLength: MAX_FILENAME_LENGTH,
      maxFilesPerRequest: MAX_FILES_PER_REQUEST,
      maxImagesPerJob: MAX_IMAGES_PER_JOB,
      maxBulkPhotos: MAX_BULK_PHOTOS,
      lastModifiedMax: LAST_MODIFIED_MAX,
      maxAlbumTitleLength: MAX_ALBUM_TITLE_LENGTH,
      maxAlbumDescriptionLength: MAX_ALBUM_DESCRIPTION_LENGTH,
      maxPageHeadlineLength: PAGE_LIMITS.headline,
      maxPageIntroductionLength: PAGE_LIMITS.introduction,
      contentTypes: ALLOWED_CONTENT_TYPES,
    });
    expect(Object.isFrozen(LIMITS)).toBe(true);
    expect(Object.isFrozen(LIMITS.contentTypes)).toBe(true);
  });
});

describe('the web app', () => {
  it('keeps no hand-made copy of a server limit outside limits.js', () => {
    const MIB = 1024 * 1024;
    const counts = [
      MAX_FILENAME_LENGTH,
      MAX_FILES_PER_REQUEST,
      MAX_IMAGES_PER_JOB,
      MAX_BULK_PHOTOS,
      MAX_ALBUM_TITLE_LENGTH,
      MAX_ALBUM_DESCRIPTION_LENGTH,
    ].join('|');
    const types = Object.keys(ALLOWED_CONTENT_TYPES)
      .map((type) => type.replace(/[/+.]/g, '\\$&'))
      .join('|');
    const copies: [what: string, pattern: RegExp][] = [
      ['the file size limit in bytes', new RegExp(`\\b${MAX_FILE_BYTES}\\b`)],
      [
        'the file size limit as a product',
        new RegExp(`\\b${MAX_FILE_BYTES / MIB}\\s*\\*\\s*1024\\s*\\*\\s*1024\\b`),
      ],
      ['the file size limit in prose', new RegExp(`\\b${MAX_FILE_BYTES / MIB}\\s*MB\\b`, 'i')],
      ['a maxlength set to a limit', new RegExp(`maxlength\\s*[:=]\\s*['"]?(?:${counts})\\b`, 'i')],
      ['a length compared with a limit', new RegExp(`length\\s*[<>]=?\\s*(?:${counts})\\b`)],
      [
        'a slice cut at a limit',
        new RegExp(`\\.(?:slice|substring|substr)\\(\\s*0\\s*,\\s*(?:${counts})\\s*\\)`),
      ],
      ['a constant set to a limit', new RegExp(`\\bconst\\s+[A-Z][A-Z0-9_]*\\s*=\\s*(?:${counts})\\s*;`)],
      ['a limit in prose', new RegExp(`\\b(?:up to|at most|limit of)\\s+(?:${counts})\\b`, 'i')],
      ['an accepted content type', new RegExp(`(?:${types})\\b`)],
    ];
    const files = [
      ...readdirSync(WEB_JS)
        .filter((name) => name.endsWith('.js') && name !== 'limits.js')
        .map((name) => join('js', name)),
      'index.html',
    ];
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(WEB_ROOT, file), 'utf8').split('\n');
      lines.forEach((text, index) => {
        // 52_428_800 is the same number as 52428800.
        const line = text.replace(/(\d)_(?=\d)/g, '$1');
        for (const [what, pattern] of copies) {
          if (pattern.test(line)) found.push(`web/${file}:${index + 1}: ${what}: ${text.trim()}`);
        }
      });
    }
    expect(found).toEqual([]);
  });

  it('checks files against the generated limits, in words derived from them', async () => {
    const { ACCEPT, checkFile } = await webModule('upload-queue.js');
    const { formatBytes } = await webModule('dom.js');
    const photo = (size: number) => ({ name: 'beach.jpg', type: 'image/jpeg', size });

    expect(checkFile(photo(MAX_FILE_BYTES))).toEqual({ contentType: 'image/jpeg' });
    expect(checkFile(photo(MAX_FILE_BYTES + 1))).toEqual({
      error: `is larger than the ${formatBytes(MAX_FILE_BYTES)} limit`,
    });
    expect(formatBytes(MAX_FILE_BYTES)).toBe(`${MAX_FILE_BYTES / 1024 / 1024} MB`);
    // No type reported: the extension decides, .jpeg included.
    expect(checkFile({ name: 'IMG_1.HEIC', type: '', size: 1 })).toEqual({ contentType: 'image/heic' });
    expect(checkFile({ name: 'a.jpeg', type: '', size: 1 })).toEqual({ contentType: 'image/jpeg' });
    expect(checkFile({ name: 'a.gif', type: 'image/gif', size: 1 }).error).toBeDefined();

    const extensions = [...Object.values(ALLOWED_CONTENT_TYPES), 'jpeg'].map((extension) => `.${extension}`);
    expect(ACCEPT.split(',').sort()).toEqual([...Object.keys(ALLOWED_CONTENT_TYPES), ...extensions].sort());
  });

  it('cuts file names and batches URL requests at the generated limits', async () => {
    const { createUploadQueue } = await webModule('upload-queue.js');
    const requested: { name: string }[][] = [];
    const queue = createUploadQueue({
      requestUrls: async (files: { name: string }[]) => {
        requested.push(files);
        return files.map((_, index) => ({ key: `k${index}`, url: 'u', expiresAt: '2999-01-01T00:00:00Z' }));
      },
      put: () => ({ promise: Promise.resolve(), abort: () => {} }),
      // Every file checked at once, so the queue's batching alone decides the requests' sizes.
      hash: () => Promise.resolve(null),
    });
    const longName = `${'a'.repeat(MAX_FILENAME_LENGTH + 20)}.jpg`;
    const files = Array.from(
      { length: MAX_FILES_PER_REQUEST + 1 },
      (_, index) => new File(['x'], index === 0 ? longName : `p${index}.jpg`, { type: 'image/jpeg' }),
    );
    expect(queue.add(files)).toEqual([]);
    while (queue.totals().pending > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    queue.clear();

    expect(requested.map((batch) => batch.length)).toEqual([MAX_FILES_PER_REQUEST, 1]);
    expect(requested[0]?.[0]?.name).toBe('a'.repeat(MAX_FILENAME_LENGTH));
  });
});
