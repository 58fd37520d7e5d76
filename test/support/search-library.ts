/**
 * A small library to search, written straight into a real database as ingest, the organizing call and
 * the people grouping would have left it (captions, tags, places, cameras, locations, faces, albums),
 * for two users — so a search can be checked word by word and filter by filter, and a stranger's
 * never. Used by the repository's integration test and by the search e2e through HTTP.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import type { Database } from '../../lambdas/adapters/postgres/schema.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';

export interface FixturePhoto {
  caption?: string | null;
  tags?: string[];
  town?: string;
  country?: string;
  make?: string;
  model?: string;
  location?: { latitude: number; longitude: number };
  fileName?: string;
  /** ISO instant; none: no date (the photo sits at its upload time). */
  takenAt?: string;
  /** Upload time (ISO); by default 2026-05-01 plus a second per photo. */
  createdAt?: string;
  status?: 'ready' | 'analyzed';
  trashed?: boolean;
}

/** Writes `photos` for the owner; returns their ids in the same order. */
export async function writePhotos(
  db: Kysely<Database>,
  ownerId: string,
  photos: FixturePhoto[],
): Promise<string[]> {
  const ids = photos.map(() => randomUUID());
  if (photos.length === 0) return ids;
  await db
    .insertInto('images')
    .values(
      photos.map((photo, index) => {
        const id = ids[index] as string;
        return {
          id,
          owner_id: ownerId,
          storage_key: originalKey(ownerId, id, 'image/jpeg'),
          preview_key: `users/${ownerId}/photos/${id}/preview.jpg`,
          thumbnail_key: `users/${ownerId}/photos/${id}/thumbnail.jpg`,
          original_filename: photo.fileName ?? `photo-${index}.jpg`,
          content_type: 'image/jpeg',
          size_bytes: 100,
          width: 40,
          height: 30,
          status: photo.status ?? 'ready',
          // As ingest reads photos now: the details read.
          details_read: true,
          taken_at: photo.takenAt ? new Date(photo.takenAt) : null,
          taken_at_source: photo.takenAt ? ('exif' as const) : null,
          place_city: photo.town ?? null,
          place_country: photo.country ?? null,
          caption: photo.caption ?? null,
          tags: photo.tags ?? [],
          description_source: photo.caption ? ('model' as const) : null,
          camera_make: photo.make ?? null,
          camera_model: photo.model ?? null,
          camera: photo.make ? [photo.make, photo.model].filter(Boolean).join(' ') : null,
          latitude: photo.location?.latitude ?? null,
          longitude: photo.location?.longitude ?? null,
          trashed_at: photo.trashed ? new Date('2026-05-20T00:00:00Z') : null,
          created_at: new Date(photo.createdAt ?? Date.UTC(2026, 4, 1, 10, 0, index)),
        };
      }),
    )
    .execute();
  return ids;
}

/** An album of the owner holding `imageIds` in order; its id. */
export async function writeAlbum(
  db: Kysely<Database>,
  ownerId: string,
  album: { title: string; description?: string; imageIds: string[]; deleted?: boolean },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('albums')
    .values({
      id,
      owner_id: ownerId,
      title: album.title,
      theme_description: album.description ?? '',
      cover_image_id: album.imageIds[0] ?? null,
      deleted_at: album.deleted ? new Date('2026-05-21T00:00:00Z') : null,
    })
    .execute();
  if (album.imageIds.length > 0) {
    await db
      .insertInto('album_images')
      .values(
        album.imageIds.map((imageId, order) => ({ album_id: id, image_id: imageId, display_order: order })),
      )
      .execute();
  }
  return id;
}

/** A person of the owner seen in each of `imageIds` (one face each); their id. */
export async function writePerson(
  db: Kysely<Database>,
  ownerId: string,
  person: { name: string | null; hidden?: boolean; imageIds: string[] },
): Promise<string> {
  const { id } = await db
    .insertInto('people')
    .values({
      owner_id: ownerId,
      centroid: [0.1, 0.2],
      face_count: person.imageIds.length,
      name: person.name,
      hidden: person.hidden ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (person.imageIds.length > 0) {
    await db
      .insertInto('faces')
      .values(
        person.imageIds.map((imageId) => ({
          image_id: imageId,
          owner_id: ownerId,
          person_id: id,
          box_x: 0.1,
          box_y: 0.1,
          box_width: 0.2,
          box_height: 0.2,
          score: 0.9,
          descriptor: [0.1, 0.2],
        })),
      )
      .execute();
  }
  return id;
}

export interface SearchFixture {
  ana: string;
  bob: string;
  /** Ana's photos by name. */
  photos: {
    tejo: string;
    market: string;
    lake: string;
    scan: string;
    trashed: string;
    unread: string;
  };
  bobTejo: string;
  albums: { summer: string; deleted: string; bobs: string };
  people: { marta: string; hidden: string; bobs: string };
}

/**
 * Ana's library: the Tejo sunset in Lisbon (Canon), a market in São Paulo (iPhone), a lake in Zürich
 * (Canon), an undated scan; a trashed and an unread photo that must never be found. Her album "Summer in
 * Portugal" holds the sunset and the market; a deleted album holds the lake; Marta is in the market and
 * the lake; a hidden person in the sunset. Bob has his own Tejo sunset and an album holding Ana's scan.
 */
export async function writeSearchFixture(
  db: Kysely<Database>,
  /** The two users (signed in already); new ones when absent. */
  users?: { ana: string; bob: string },
): Promise<SearchFixture> {
  const directory = new PostgresUserRepository(db);
  const ana = users?.ana ?? (await directory.ensure(`ana-${randomUUID()}`)).id;
  const bob = users?.bob ?? (await directory.ensure(`bob-${randomUUID()}`)).id;
  const [tejo, market, lake, scan, trashed, unread] = (await writePhotos(db, ana, [
    {
      caption: 'Sunset over the Tejo',
      tags: ['beach', 'sea'],
      town: 'Lisbon',
      country: 'Portugal',
      make: 'Canon',
      model: 'EOS R5',
      location: { latitude: 38.722, longitude: -9.139 },
      fileName: 'IMG_2041.jpg',
      takenAt: '2025-06-01T18:30:00Z',
    },
    {
      caption: 'Street market stalls',
      tags: ['food'],
      town: 'São Paulo',
      country: 'Brazil',
      make: 'Apple',
      model: 'iPhone 15',
      location: { latitude: -23.55, longitude: -46.633 },
      fileName: 'market-day_01.jpg',
      takenAt: '2025-07-10T11:00:00Z',
    },
    {
      caption: 'Snow on the lake',
      tags: ['mountains'],
      town: 'Zürich',
      country: 'Switzerland',
      make: 'Canon',
      model: 'EOS R5',
      location: { latitude: 47.377, longitude: 8.54 },
      fileName: 'DSC0001.JPG',
      takenAt: '2024-12-24T09:00:00Z',
    },
    { fileName: 'scan-grandma.png', createdAt: '2026-05-02T08:00:00Z' },
    {
      caption: 'Sunset in the Trash',
      town: 'Lisbon',
      country: 'Portugal',
      takenAt: '2025-06-02T18:00:00Z',
      trashed: true,
    },
    { caption: 'Sunset not read yet', town: 'Lisbon', country: 'Portugal', status: 'analyzed' },
  ])) as [string, string, string, string, string, string];
  const [bobTejo] = (await writePhotos(db, bob, [
    {
      caption: 'Sunset over the Tejo',
      town: 'Lisbon',
      country: 'Portugal',
      make: 'Canon',
      model: 'EOS R5',
      location: { latitude: 38.724, longitude: -9.141 },
      fileName: 'IMG_2041.jpg',
      takenAt: '2025-06-01T18:31:00Z',
    },
  ])) as [string];
  const summer = await writeAlbum(db, ana, {
    title: 'Summer in Portugal',
    description: 'Beach days with family',
    imageIds: [tejo, market],
  });
  const deleted = await writeAlbum(db, ana, { title: 'Secret trip', imageIds: [lake], deleted: true });
  // Bob's album with Ana's scan in it (as a contributor's photo would be): his words never reach her photo.
  const bobs = await writeAlbum(db, bob, { title: 'Birthday party', imageIds: [bobTejo, scan] });
  const marta = await writePerson(db, ana, { name: 'Marta', imageIds: [market, lake] });
  const hidden = await writePerson(db, ana, { name: null, hidden: true, imageIds: [tejo] });
  const bobsPerson = await writePerson(db, bob, { name: 'Marta', imageIds: [bobTejo] });
  return {
    ana,
    bob,
    photos: { tejo, market, lake, scan, trashed, unread },
    bobTejo,
    albums: { summer, deleted, bobs },
    people: { marta, hidden, bobs: bobsPerson },
  };
}
