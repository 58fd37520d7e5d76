import {
  ALBUM_TITLE_MAX,
  InvalidPlanError,
  LEFTOVER_ALBUM_TITLE,
  MAX_ALBUMS_PER_JOB,
  repairAlbumPlan,
} from '../../lambdas/core/album-plan.ts';

const refs = ['p1', 'p2', 'p3', 'p4'];

describe('repairAlbumPlan', () => {
  it('keeps a clean answer as it is', () => {
    const plan = repairAlbumPlan(
      {
        albums: [
          { title: 'Beach', description: 'Sun', photoIds: ['p1', 'p2'] },
          { title: 'City', description: '', photoIds: ['p3', 'p4'] },
        ],
      },
      refs,
    );
    expect(plan.repairs).toEqual([]);
    expect(plan.albums.map((album) => album.refs)).toEqual([
      ['p1', 'p2'],
      ['p3', 'p4'],
    ]);
  });

  it('drops unknown and duplicate ids and empty albums, and places leftovers', () => {
    const plan = repairAlbumPlan(
      {
        albums: [
          { title: 'A', photoIds: ['p1', 'p1', 'zzz', 7] },
          { title: 'Empty', photoIds: ['nope'] },
        ],
      },
      refs,
    );
    expect(plan.albums).toEqual([
      { title: 'A', description: '', refs: ['p1'] },
      { title: LEFTOVER_ALBUM_TITLE, description: expect.any(String), refs: ['p2', 'p3', 'p4'] },
    ]);
    expect(plan.repairs.length).toBeGreaterThan(0);
  });

  it('bounds and cleans titles, keeping HTML as plain text', () => {
    const title = `<script>alert(1)</script>\n\t${'x'.repeat(500)}`;
    const [album] = repairAlbumPlan({ albums: [{ title, description: 42, photoIds: refs }] }, refs).albums;
    expect(Array.from(album?.title ?? '').length).toBeLessThanOrEqual(ALBUM_TITLE_MAX);
    expect(album?.title.startsWith('<script>alert(1)</script> x')).toBe(true);
    expect(album?.description).toBe('');
  });

  it('caps hundreds of albums and still places every photo', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({ title: `t${i}`, photoIds: [`p${(i % 4) + 1}`] }));
    const plan = repairAlbumPlan({ albums: many }, refs);
    expect(plan.albums.length).toBeLessThanOrEqual(MAX_ALBUMS_PER_JOB + 1);
    expect(new Set(plan.albums.flatMap((album) => album.refs))).toEqual(new Set(refs));
  });

  it('lets albums join offered existing albums; an unknown ref makes a new album, two joining one become one', () => {
    const plan = repairAlbumPlan(
      {
        albums: [
          { title: 'Porto again', description: 'More', existingAlbumId: 'a1', photoIds: ['p1'] },
          { title: 'Made up', description: 'New', existingAlbumId: 'a9', photoIds: ['p2'] },
          { title: 'Porto too', description: 'Still', existingAlbumId: 'a1', photoIds: ['p3', 'p1'] },
          { title: 'Fresh', description: 'New', existingAlbumId: '', photoIds: ['p4'] },
        ],
      },
      refs,
      ['a1', 'a2'],
    );
    expect(plan.albums).toEqual([
      { title: 'Porto again', description: 'More', refs: ['p1', 'p3'], joins: 'a1' },
      { title: 'Made up', description: 'New', refs: ['p2'] },
      { title: 'Fresh', description: 'New', refs: ['p4'] },
    ]);
    expect(plan.repairs).toEqual([
      'album 1: unknown existing album "a9"; made a new album',
      'album 2: joins a1 like an earlier album; merged into it',
    ]);
  });

  it('accepts a JSON string and rejects non-JSON', () => {
    expect(
      repairAlbumPlan(JSON.stringify({ albums: [{ title: 'x', photoIds: refs }] }), refs).albums,
    ).toHaveLength(1);
    expect(() => repairAlbumPlan('{"albums": [', refs)).toThrow(InvalidPlanError);
    expect(() => repairAlbumPlan({ nope: true }, refs)).toThrow(InvalidPlanError);
  });

  it('puts everything in the leftover album when no album survives', () => {
    const plan = repairAlbumPlan({ albums: [] }, refs);
    expect(plan.albums).toHaveLength(1);
    expect(plan.albums[0]?.refs).toEqual(refs);
  });
});
