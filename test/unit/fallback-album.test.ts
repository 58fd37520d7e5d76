import { fallbackAlbumTitle } from '../../lambdas/core/use-cases/fallback-album.ts';

describe('fallbackAlbumTitle', () => {
  it('says "All photos" when no photo has a date', () => {
    expect(fallbackAlbumTitle([])).toBe('All photos');
    expect(fallbackAlbumTitle([null, null])).toBe('All photos');
  });

  it('names the day when every dated photo was taken on it', () => {
    expect(fallbackAlbumTitle([new Date('2026-05-02T10:00:00Z')])).toBe('Photos of 2 May 2026');
    expect(
      fallbackAlbumTitle([new Date('2026-05-02T00:00:00Z'), null, new Date('2026-05-02T23:59:59.999Z')]),
    ).toBe('Photos of 2 May 2026');
  });

  it('names the first and the last day, whatever order the photos come in, ignoring undated ones', () => {
    expect(
      fallbackAlbumTitle([
        new Date('2026-05-03T12:00:00Z'),
        null,
        new Date('2026-05-04T08:00:00Z'),
        new Date('2026-05-02T18:00:00Z'),
      ]),
    ).toBe('Photos from 2 May 2026 to 4 May 2026');
  });

  it('counts days in UTC, so the title does not depend on where the server runs', () => {
    expect(fallbackAlbumTitle([new Date('2026-05-01T23:30:00Z'), new Date('2026-05-02T00:30:00Z')])).toBe(
      'Photos from 1 May 2026 to 2 May 2026',
    );
    expect(fallbackAlbumTitle([new Date('2026-05-02T01:00:00+02:00')])).toBe('Photos of 1 May 2026');
  });

  it('spells out both years when the photos cross the new year', () => {
    expect(fallbackAlbumTitle([new Date('2026-01-01T09:00:00Z'), new Date('2025-12-31T21:00:00Z')])).toBe(
      'Photos from 31 December 2025 to 1 January 2026',
    );
  });
});
