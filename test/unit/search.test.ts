/**
 * The search use case: what reaches the repository (words, not syntax; real days), what is refused
 * before it (a 400 naming the field), and the answer shaped like the library's with its cursor.
 * Relevance itself is PostgreSQL's: test/integration/postgres-search-repository.test.ts.
 */
import { AppError } from '../../lambdas/core/errors.ts';
import type { LibraryPosition, PhotoSearch, SearchPage, SearchRepository } from '../../lambdas/core/ports.ts';
import { type SearchFilters, searchWords } from '../../lambdas/core/search.ts';
import { originalKey, previewKey, thumbnailKey } from '../../lambdas/core/upload-policy.ts';
import { encodeLibraryCursor } from '../../lambdas/core/use-cases/library.ts';
import { searchPhotos } from '../../lambdas/core/use-cases/search.ts';
import { FakeUrlSigner, newId } from '../fakes/in-memory-ports.ts';

const owner = newId();
const photoId = newId();
const key = originalKey(owner, photoId, 'image/jpeg');

/** Answers one photo and a next position; records what it was asked. */
class RecordingSearch implements SearchRepository {
  readonly calls: { search: PhotoSearch; page: { limit: number; after: LibraryPosition | null } }[] = [];
  async search(ownerId: string, search: PhotoSearch, page: { limit: number; after: LibraryPosition | null }) {
    expect(ownerId).toBe(owner);
    this.calls.push({ search, page });
    const answer: SearchPage = {
      photos: [
        {
          id: photoId,
          storageKey: key,
          previewKey: previewKey(key),
          thumbnailKey: thumbnailKey(key),
          originalFilename: 'IMG_1.jpg',
          contentType: 'image/jpeg',
          width: 4,
          height: 3,
          takenAt: null,
          takenAtSource: null,
          createdAt: new Date('2026-05-01T00:00:00Z'),
          albumIds: [],
        },
      ],
      next: { at: '2026-05-01T00:00:00.000000Z', id: photoId },
    };
    return answer;
  }
  async filterChoices(): Promise<never> {
    throw new Error('not used');
  }
}

const NO_FILTERS: SearchFilters = {
  text: null,
  takenFrom: null,
  takenTo: null,
  country: null,
  town: null,
  cameraMake: null,
  cameraModel: null,
  personId: null,
  album: null,
};

function setup() {
  const repository = new RecordingSearch();
  const run = (filters: Partial<SearchFilters>, page: { limit?: number; cursor?: string | null } = {}) =>
    searchPhotos(
      { search: repository, urls: new FakeUrlSigner() },
      owner,
      { ...NO_FILTERS, ...filters },
      {
        limit: page.limit ?? 100,
        cursor: page.cursor ?? null,
      },
    );
  return { repository, run };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  const { status, code, details, message } = error as AppError;
  return { status, code, field: (details as { field?: string } | undefined)?.field, message };
}

describe('searchWords', () => {
  it('keeps letters, digits and marks; everything else only separates words', () => {
    expect(searchWords("São Paulo's  'tejo':* & !sea | (x) <-> y")).toEqual([
      'São',
      'Paulo',
      's',
      'tejo',
      'sea',
      'x',
      'y',
    ]);
    expect(searchWords('IMG_2041.jpg 2026-05-01')).toEqual(['IMG', '2041', 'jpg', '2026', '05', '01']);
    // Decomposed accents are composed first, so the word stays whole.
    expect(searchWords('Zu\u0308rich')).toEqual(['Zürich']);
    expect(searchWords('東京 タワー')).toEqual(['東京', 'タワー']);
    expect(searchWords('&& ::')).toEqual([]);
  });
});

describe('searchPhotos', () => {
  it('hands the repository words and filters, and answers signed photos with an opaque cursor', async () => {
    const { repository, run } = setup();
    const page = await run({ text: 'sunset & tejo', town: 'Lisbon', takenFrom: '2024-02-29' });
    expect(repository.calls).toEqual([
      {
        search: {
          ...NO_FILTERS,
          text: undefined,
          words: ['sunset', 'tejo'],
          town: 'Lisbon',
          takenFrom: '2024-02-29',
        },
        page: { limit: 100, after: null },
      },
    ]);
    expect(page.photos).toEqual([
      expect.objectContaining({ id: photoId, thumbnailUrl: expect.stringContaining(thumbnailKey(key)) }),
    ]);
    expect(page.photos[0]).not.toHaveProperty('previewKey');
    expect(page.nextCursor).toBe(encodeLibraryCursor({ at: '2026-05-01T00:00:00.000000Z', id: photoId }));

    await run({}, { cursor: page.nextCursor });
    expect(repository.calls[1]?.page.after).toEqual({ at: '2026-05-01T00:00:00.000000Z', id: photoId });
  });

  it('finds nothing, without asking, for text that holds no word', async () => {
    const { repository, run } = setup();
    expect(await run({ text: '&& !' })).toEqual({ photos: [], nextCursor: null });
    expect(repository.calls).toEqual([]);
    // Blank text is no text: the whole library.
    await run({ text: '   ' });
    expect(repository.calls[0]?.search.words).toEqual([]);
  });

  it.each([
    [{ takenFrom: '2026-02-30' }, {}, 'from'],
    [{ takenTo: '2026-13-01' }, {}, 'to'],
    [{ takenFrom: '2025-02-29' }, {}, 'from'],
    [{ takenFrom: 'yesterday' }, {}, 'from'],
    [{ takenFrom: '2026-05-02', takenTo: '2026-05-01' }, {}, 'from'],
    [{ text: 'x'.repeat(201) }, {}, 'q'],
    [{ text: 'a b c d e f g h i j k l m' }, {}, 'q'],
    [{}, { limit: 0 }, 'limit'],
    [{}, { limit: 1001 }, 'limit'],
    [{}, { cursor: 'garbage' }, 'cursor'],
  ] as const)('refuses %j %j with a 400 naming %s, before any query', async (filters, page, field) => {
    const { repository, run } = setup();
    const refused = await refusal(run(filters, page));
    expect(refused).toMatchObject({ status: 400, field });
    expect(refused.message.startsWith(field)).toBe(true);
    expect(repository.calls).toEqual([]);
  });
});
