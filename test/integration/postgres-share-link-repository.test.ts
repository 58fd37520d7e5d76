/**
 * Share links on a real PostgreSQL: owner-scoped making, listing and revoking; the public lookup finds
 * a working link by its token's hash only, and nothing for a wrong, expired or revoked one or a deleted
 * album; deleting an album (or merging it away) revokes its links for good; the per-album limit holds
 * under concurrent requests.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { randomShareTokens } from '../../lambdas/adapters/crypto/random-share-tokens.ts';
import { PostgresAlbumRepository } from '../../lambdas/adapters/postgres/postgres-album-repository.ts';
import { PostgresShareLinkRepository } from '../../lambdas/adapters/postgres/postgres-share-link-repository.ts';
import { MAX_LINKS_PER_ALBUM } from '../../lambdas/core/share-links.ts';
import { seedLibrary } from '../support/seed-library.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let testDb: TestDatabase;
let links: PostgresShareLinkRepository;
let albums: PostgresAlbumRepository;

beforeAll(async () => {
  testDb = await createTestDatabase();
  links = new PostgresShareLinkRepository(testDb.db);
  albums = new PostgresAlbumRepository(testDb.db);
});
afterAll(() => testDb.destroy());

const DAY = 24 * 3600 * 1000;
const now = () => new Date();

async function makeLink(
  ownerId: string,
  albumId: string,
  options: { days?: number; originals?: boolean } = {},
) {
  const { token, hash } = randomShareTokens.create();
  const created = await links.create(ownerId, {
    id: randomUUID(),
    albumId,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + (options.days ?? 30) * DAY),
    allowOriginals: options.originals ?? false,
  });
  return { ...created, token };
}

describe('PostgresShareLinkRepository', () => {
  it("makes, lists and revokes links of the owner's album only", async () => {
    const ana = await seedLibrary(testDb.db, 2, [[0, 1]]);
    const bea = await seedLibrary(testDb.db, 1, [[0]]);
    const [albumId] = ana.albumIds as [string];
    const first = await makeLink(ana.userId, albumId, { originals: true });
    expect(first.outcome).toBe('created');
    expect(first.link).toMatchObject({ albumId, allowOriginals: true, revokedAt: null, lastOpenedAt: null });
    const second = await makeLink(ana.userId, albumId);

    expect((await makeLink(bea.userId, albumId)).outcome).toBe('album_not_found');
    expect(await links.list(bea.userId, albumId)).toBeNull();
    expect((await links.list(ana.userId, albumId))?.map((link) => link.id)).toEqual([
      second.link?.id,
      first.link?.id,
    ]);

    const linkId = first.link?.id as string;
    expect(await links.revoke(bea.userId, albumId, linkId, now())).toBe(false);
    expect(await links.revoke(ana.userId, bea.albumIds[0] as string, linkId, now())).toBe(false);
    const at = new Date('2026-12-01T10:00:00Z');
    expect(await links.revoke(ana.userId, albumId, linkId, at)).toBe(true);
    // Revoking again succeeds and keeps the first date.
    expect(await links.revoke(ana.userId, albumId, linkId, new Date())).toBe(true);
    const listed = await links.list(ana.userId, albumId);
    expect(listed?.find((link) => link.id === linkId)?.revokedAt).toEqual(at);
    expect(listed?.find((link) => link.id === second.link?.id)?.revokedAt).toBeNull();
  });

  it('opens a working link by its hash only, and notes when', async () => {
    const ana = await seedLibrary(testDb.db, 1, [[0]]);
    const albumId = ana.albumIds[0] as string;
    const working = await makeLink(ana.userId, albumId, { originals: true });
    const opened = await links.open(randomShareTokens.hash(working.token), now());
    expect(opened).toEqual({ linkId: working.link?.id, albumId, ownerId: ana.userId, allowOriginals: true });
    expect((await links.list(ana.userId, albumId))?.[0]?.lastOpenedAt).not.toBeNull();

    expect(await links.open(randomShareTokens.hash(`${working.token}x`), now())).toBeNull();
    expect(await links.open(randomShareTokens.hash(''), now())).toBeNull();
    // The token's own bytes are not its hash: a leaked hash is not a token.
    expect(await links.open(Buffer.from(working.token, 'base64url'), now())).toBeNull();

    const expiring = await makeLink(ana.userId, albumId, { days: 1 });
    const hash = randomShareTokens.hash(expiring.token);
    expect(await links.open(hash, new Date(Date.now() + DAY - 60_000))).not.toBeNull();
    expect(await links.open(hash, new Date(Date.now() + DAY + 60_000))).toBeNull();

    const revoked = await makeLink(ana.userId, albumId);
    await links.revoke(ana.userId, albumId, revoked.link?.id as string, now());
    expect(await links.open(randomShareTokens.hash(revoked.token), now())).toBeNull();
  });

  it('notes an opening at most once a minute: a public hit cannot force a write each time', async () => {
    const ana = await seedLibrary(testDb.db, 1, [[0]]);
    const albumId = ana.albumIds[0] as string;
    const link = await makeLink(ana.userId, albumId);
    const hash = randomShareTokens.hash(link.token);
    const lastOpened = async () => (await links.list(ana.userId, albumId))?.[0]?.lastOpenedAt;
    // A row's xmin changes with every write to it, even one that sets the same value.
    const version = async () =>
      (
        await sql<{
          xmin: string;
        }>`select xmin::text as xmin from share_links where id = ${link.link?.id}`.execute(testDb.db)
      ).rows[0]?.xmin;
    const first = new Date(Math.floor(Date.now() / 1000) * 1000);

    expect(await links.open(hash, first)).not.toBeNull();
    expect(await lastOpened()).toEqual(first);
    const stamped = await version();
    // Within the minute the link still opens, and its row is left as it was.
    expect(await links.open(hash, new Date(first.getTime() + 30_000))).not.toBeNull();
    expect(await links.open(hash, new Date(first.getTime() + 60_000))).not.toBeNull();
    expect(await lastOpened()).toEqual(first);
    expect(await version()).toBe(stamped);
    const later = new Date(first.getTime() + 60_001);
    expect(await links.open(hash, later)).not.toBeNull();
    expect(await lastOpened()).toEqual(later);
    expect(await version()).not.toBe(stamped);
  });

  it('revokes the links of a deleted or merged-away album for good: restoring does not revive them', async () => {
    const ana = await seedLibrary(testDb.db, 3, [[0], [1], [2]]);
    const [deleted, kept, merged] = ana.albumIds as [string, string, string];
    const gone = await makeLink(ana.userId, deleted);
    const stays = await makeLink(ana.userId, kept);
    const mergedAway = await makeLink(ana.userId, merged);

    expect(await albums.delete(ana.userId, deleted, now())).toBe(true);
    expect(await links.open(randomShareTokens.hash(gone.token), now())).toBeNull();
    expect(await albums.restore(ana.userId, deleted)).toBe(true);
    expect(await links.open(randomShareTokens.hash(gone.token), now())).toBeNull();
    expect((await links.list(ana.userId, deleted))?.map((link) => link.revokedAt !== null)).toEqual([true]);

    expect((await albums.merge(ana.userId, kept, [merged])).outcome).toBe('merged');
    expect(await links.open(randomShareTokens.hash(mergedAway.token), now())).toBeNull();
    expect(await links.open(randomShareTokens.hash(stays.token), now())).not.toBeNull();

    // Purging the album takes its links with it.
    await testDb.db.deleteFrom('albums').where('id', '=', deleted).execute();
    const left = await testDb.db
      .selectFrom('share_links')
      .select('id')
      .where('album_id', '=', deleted)
      .execute();
    expect(left).toEqual([]);
  });

  it(`keeps at most ${MAX_LINKS_PER_ALBUM} links per album, even asked for all at once`, async () => {
    const ana = await seedLibrary(testDb.db, 1, [[0]]);
    const albumId = ana.albumIds[0] as string;
    const outcomes = await Promise.all(
      Array.from({ length: MAX_LINKS_PER_ALBUM + 5 }, () => makeLink(ana.userId, albumId)),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'created')).toHaveLength(MAX_LINKS_PER_ALBUM);
    expect(outcomes.filter((outcome) => outcome.outcome === 'too_many_links')).toHaveLength(5);
  });
});
