/** Upgrading a database that already holds data: what a deploy of a new version does to RDS. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { migrateToLatest } from '../../lambdas/adapters/postgres/migrate.ts';
import { migrations } from '../../lambdas/adapters/postgres/migrations/index.ts';
import { PostgresPhotoRepository } from '../../lambdas/adapters/postgres/postgres-photo-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

/** Every migration after `name`, in order: what migrating an older database to the latest applies. */
function migrationsAfter(name: string): string[] {
  const names = Object.keys(migrations);
  return names.slice(names.indexOf(name) + 1);
}

const migrator = () => new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });

async function imageColumns(): Promise<string[]> {
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns where table_name = 'images' order by column_name
  `.execute(database.db);
  return rows.map((row) => row.column_name);
}

describe('migrations', () => {
  it('are listed in order, each named by its date', () => {
    const names = Object.keys(migrations);
    expect(names).toEqual([...names].sort());
    for (const name of names) expect(name).toMatch(/^\d{4}-\d{2}-\d{2}-\d{3}-[a-z0-9-]+$/);
  });

  it('2026-11-24-002 adds thumbnails to a database full of photos without losing any, and can be undone', async () => {
    expect(await imageColumns()).toContain('thumbnail_key');
    const { error } = await migrator().migrateTo('2026-11-24-001-initial-schema');
    expect(error).toBeUndefined();
    expect(await imageColumns()).not.toContain('thumbnail_key');

    // A photo organized by the previous version: a preview, no thumbnail.
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('old-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const photoId = randomUUID();
    const storageKey = `users/${ownerId}/photos/${photoId}/original.jpg`;
    await sql`
      insert into images (id, owner_id, storage_key, preview_key, original_filename, content_type, size_bytes, status)
      values (${photoId}, ${ownerId}, ${storageKey}, ${storageKey.replace('original.jpg', 'preview.jpg')},
              'old.jpg', 'image/jpeg', 1234, 'ready')
    `.execute(database.db);

    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-11-24-001-initial-schema'));
    const [photo] = await new PostgresPhotoRepository(database.db).findOwnedByKeys(ownerId, [storageKey]);
    expect(photo).toMatchObject({
      id: photoId,
      previewKey: storageKey.replace('original.jpg', 'preview.jpg'),
      thumbnailKey: null,
      status: 'ready',
    });
  });

  it('2026-12-01-003 records who holds a job; a job running during the deploy keeps running, and it can be undone', async () => {
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('claimant-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const { error } = await migrator().migrateTo('2026-11-24-002-thumbnails');
    expect(error).toBeUndefined();
    // A job the previous version's worker holds while the new version deploys.
    const jobId = randomUUID();
    await sql`
      insert into processing_jobs (id, owner_id, status, image_keys, attempts, started_at)
      values (${jobId}, ${ownerId}, 'processing', ${['k']}, 1, now())
    `.execute(database.db);
    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-11-24-002-thumbnails'));
    const job = await database.db
      .selectFrom('processing_jobs')
      .select(['status', 'attempts', 'claimed_by'])
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    // No claimant: only its lease can free it, exactly as before.
    expect(job).toEqual({ status: 'processing', attempts: 1, claimed_by: null });
    expect((await migrator().migrateTo('2026-11-24-002-thumbnails')).error).toBeUndefined();
    expect((await migrator().migrateToLatest()).error).toBeUndefined();
  });

  it('2026-12-01-004 lets photos be read as they land; undone, a read photo is again only uploaded', async () => {
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('ingest-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const photoId = randomUUID();
    const storageKey = `users/${ownerId}/photos/${photoId}/original.jpg`;
    await sql`
      insert into images (id, owner_id, storage_key, original_filename, content_type, size_bytes, status, sha256)
      values (${photoId}, ${ownerId}, ${storageKey}, 'new.jpg', 'image/jpeg', 10, 'analyzed', ${'ab'.repeat(32)})
    `.execute(database.db);
    expect((await migrator().migrateTo('2026-12-01-003-job-claimant')).error).toBeUndefined();
    const { rows: after } = await sql<{
      status: string;
    }>`select status from images where id = ${photoId}`.execute(database.db);
    expect(after[0]?.status).toBe('awaiting_upload');
    expect(await imageColumns()).not.toContain('sha256');
    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-12-01-003-job-claimant'));
    expect(await imageColumns()).toEqual(
      expect.arrayContaining(['model_key', 'camera', 'sha256', 'perceptual_hash']),
    );
  });

  it('2026-12-02-005 records where each photo’s date came from (only the known sources), and can be undone', async () => {
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('dates-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const photoId = randomUUID();
    await sql`
      insert into images (id, owner_id, storage_key, original_filename, content_type, size_bytes, status, taken_at)
      values (${photoId}, ${ownerId}, ${`users/${ownerId}/photos/${photoId}/original.jpg`}, 'old.jpg', 'image/jpeg',
        10, 'ready', '2020-01-01T10:00:00Z')
    `.execute(database.db);
    const { rows: kept } = await sql<{
      taken_at_source: string | null;
      taken_at: Date;
    }>`select taken_at_source, taken_at from images where id = ${photoId}`.execute(database.db);
    // A photo read before the migration keeps its date, with no source claimed for it.
    expect(kept[0]).toEqual({ taken_at_source: null, taken_at: new Date('2020-01-01T10:00:00Z') });
    await expect(
      sql`update images set taken_at_source = 'guess' where id = ${photoId}`.execute(database.db),
    ).rejects.toThrow(/check constraint/);
    expect((await migrator().migrateTo('2026-12-01-004-ingest')).error).toBeUndefined();
    expect(await imageColumns()).not.toContain('taken_at_source');
    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-12-01-004-ingest'));
    expect(await imageColumns()).toEqual(expect.arrayContaining(['taken_at_source', 'file_modified_at']));
  });

  it('2026-12-02-006 adds people recognition, off for every existing user; faces go with their photo, and it can be undone', async () => {
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('people-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const { rows: setting } = await sql<{
      people_recognition: boolean;
    }>`select people_recognition from users where id = ${ownerId}`.execute(database.db);
    expect(setting[0]).toEqual({ people_recognition: false });
    const photoId = randomUUID();
    await sql`
      insert into images (id, owner_id, storage_key, original_filename, content_type, size_bytes, status, look)
      values (${photoId}, ${ownerId}, ${`users/${ownerId}/photos/${photoId}/original.jpg`}, 'a.jpg', 'image/jpeg',
        10, 'analyzed', ${[0.5, 0.25]})
    `.execute(database.db);
    const { rows: person } = await sql<{ id: string }>`
      insert into people (owner_id, centroid, face_count) values (${ownerId}, ${[0.1, 0.2]}, 1) returning id
    `.execute(database.db);
    await sql`
      insert into faces (image_id, owner_id, person_id, box_x, box_y, box_width, box_height, score, descriptor)
      values (${photoId}, ${ownerId}, ${person[0]?.id}, 0.1, 0.1, 0.2, 0.2, 0.9, ${[0.1, 0.2]})
    `.execute(database.db);
    await sql`delete from images where id = ${photoId}`.execute(database.db);
    const { rows: faces } = await sql`select id from faces where owner_id = ${ownerId}`.execute(database.db);
    expect(faces).toHaveLength(0);

    expect((await migrator().migrateTo('2026-12-02-005-photo-dates')).error).toBeUndefined();
    expect(await imageColumns()).not.toContain('look');
    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-12-02-005-photo-dates'));
    expect(await imageColumns()).toContain('look');
  });

  it('2026-12-02-007 keeps existing albums as the organizer made them, lets photos be trashed and albums deleted, and it can be undone', async () => {
    const { rows } = await sql<{
      id: string;
    }>`insert into users (subject) values ('home-user') returning id`.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const albumId = randomUUID();
    await sql`
      insert into albums (id, owner_id, title, theme_description) values (${albumId}, ${ownerId}, 'Porto', '')
    `.execute(database.db);
    const album = await database.db
      .selectFrom('albums')
      .select(['origin', 'title_edited', 'description_edited', 'deleted_at'])
      .where('id', '=', albumId)
      .executeTakeFirstOrThrow();
    expect(album).toEqual({
      origin: 'organizer',
      title_edited: false,
      description_edited: false,
      deleted_at: null,
    });
    await expect(
      sql`update albums set origin = 'model' where id = ${albumId}`.execute(database.db),
    ).rejects.toThrow(/check constraint/);

    expect((await migrator().migrateTo('2026-12-02-006-people')).error).toBeUndefined();
    expect(await imageColumns()).not.toContain('trashed_at');
    expect(await migrateToLatest(database.db)).toEqual(migrationsAfter('2026-12-02-006-people'));
    expect(await imageColumns()).toEqual(expect.arrayContaining(['trashed_at', 'declared_sha256']));
  });
  it('2026-12-02-011 adds album pages (a design per album, going with it) and can be undone', async () => {
    const tables = async () => {
      const { rows } = await sql<{ table_name: string }>`
        select table_name from information_schema.tables where table_name = 'album_pages'
      `.execute(database.db);
      return rows.map((row) => row.table_name);
    };
    expect(await tables()).toEqual(['album_pages']);
    expect((await migrator().migrateTo('2026-12-02-008-library-timeline')).error).toBeUndefined();
    expect(await tables()).toEqual([]);
    expect(await migrateToLatest(database.db)).toContain('2026-12-02-011-album-pages');
    expect(await tables()).toEqual(['album_pages']);
  });

  it('2026-12-02-013 indexes the sharing tables by the user a deleted account cascades from, and can be undone', async () => {
    const indexes = async () => {
      const { rows } = await sql<{ indexname: string }>`
        select indexname from pg_indexes
        where indexname in ('share_links_owner_idx', 'album_permissions_invited_by_idx') order by indexname
      `.execute(database.db);
      return rows.map((row) => row.indexname);
    };
    expect(await indexes()).toEqual(['album_permissions_invited_by_idx', 'share_links_owner_idx']);
    expect((await migrator().migrateTo('2026-12-02-012-invitation-emails')).error).toBeUndefined();
    expect(await indexes()).toEqual([]);
    expect(await migrateToLatest(database.db)).toContain('2026-12-02-013-sharing-indexes');
    expect(await indexes()).toEqual(['album_permissions_invited_by_idx', 'share_links_owner_idx']);
  });

  it('2026-12-02-014 keeps what a photo is about and how it was taken, bounded, and can be undone', async () => {
    const columns = async () => {
      const { rows } = await sql<{ column_name: string }>`
        select column_name from information_schema.columns
        where (table_name = 'images' and column_name in ('caption', 'tags', 'latitude', 'lens'))
           or (table_name = 'people' and column_name = 'hidden')
        order by column_name
      `.execute(database.db);
      return rows.map((row) => row.column_name);
    };
    expect(await columns()).toEqual(['caption', 'hidden', 'latitude', 'lens', 'tags']);
    expect((await migrator().migrateTo('2026-12-02-013-sharing-indexes')).error).toBeUndefined();
    expect(await columns()).toEqual([]);
    expect(await migrateToLatest(database.db)).toContain('2026-12-02-014-photo-details');
    expect(await columns()).toEqual(['caption', 'hidden', 'latitude', 'lens', 'tags']);
  });
  it('2026-12-02-015 adds the search documents (accents and case folded) and their indexes, and can be undone', async () => {
    const searchObjects = async () => {
      const { rows } = await sql<{ name: string }>`
        select indexname as name from pg_indexes
        where indexname in ('images_search_idx', 'albums_search_idx', 'images_owner_camera_idx')
        union all
        select table_name || '.' || column_name from information_schema.columns
        where column_name = 'search_document'
        order by name
      `.execute(database.db);
      return rows.map((row) => row.name);
    };
    const present = [
      'albums.search_document',
      'albums_search_idx',
      'images.search_document',
      'images_owner_camera_idx',
      'images_search_idx',
    ];
    expect(await searchObjects()).toEqual(present);
    const { rows } = await sql<{ document: string }>`
      select public.photo_search_document('Pôr do sol', '{Praia}', 'São Paulo', 'Brasil', 'Canon', 'EOS R5',
        'IMG_2041-final.JPG')::text as document
    `.execute(database.db);
    expect(rows[0]?.document).toBe(
      "'2041':12 'brasil':7 'canon':8 'do':2 'eos':9 'final':13 'img':11 'jpg':14 'paulo':6 'por':1 'praia':4 'r5':10 'sao':5 'sol':3",
    );
    expect((await migrator().migrateTo('2026-12-02-014-photo-details')).error).toBeUndefined();
    expect(await searchObjects()).toEqual([]);
    expect(await migrateToLatest(database.db)).toContain('2026-12-02-015-photo-search');
    expect(await searchObjects()).toEqual(present);
  });

  it('2026-12-02-016 adds details_read (false for photos read before details were kept) and its index, and can be undone', async () => {
    const marked = async () => {
      const { rows } = await sql<{ name: string }>`
        select indexname as name from pg_indexes where indexname = 'images_details_unread'
        union all
        select table_name || '.' || column_name from information_schema.columns
        where table_name = 'images' and column_name = 'details_read'
        order by name
      `.execute(database.db);
      return rows.map((row) => row.name);
    };
    expect(await marked()).toEqual(['images.details_read', 'images_details_unread']);
    expect((await migrator().migrateTo('2026-12-02-015-photo-search')).error).toBeUndefined();
    expect(await marked()).toEqual([]);
    // Two photos as 015 left them: one read before details were kept, one read since (a lens stored).
    const { rows } = await sql<{ id: string }>`
      insert into users (subject) values ('details-user') returning id
    `.execute(database.db);
    const ownerId = rows[0]?.id as string;
    const [before, since] = [randomUUID(), randomUUID()];
    for (const [id, lens] of [
      [before, null],
      [since, 'XF23mmF2 R WR'],
    ]) {
      await sql`
        insert into images (id, owner_id, storage_key, original_filename, content_type, size_bytes, status, lens)
        values (${id}, ${ownerId}, ${`users/${ownerId}/photos/${id}/original.jpg`}, 'a.jpg', 'image/jpeg', 10,
          'ready', ${lens})
      `.execute(database.db);
    }
    expect(await migrateToLatest(database.db)).toEqual(['2026-12-02-016-photo-details-read']);
    expect(await marked()).toEqual(['images.details_read', 'images_details_unread']);
    const read = await database.db
      .selectFrom('images')
      .select(['id', 'details_read'])
      .where('id', 'in', [before, since])
      .execute();
    expect(Object.fromEntries(read.map((row) => [row.id, row.details_read]))).toEqual({
      [before]: false,
      [since]: true,
    });
  });
});
