/**
 * A user's library written straight into a real test database: ready photos (ids in upload order, a
 * second apart) and albums made of some of them, each album's cover its first photo. For repository
 * tests that need a library to edit, not the upload flow that makes one.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PostgresUserRepository } from '../../lambdas/adapters/postgres/postgres-user-repository.ts';
import type { Database } from '../../lambdas/adapters/postgres/schema.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';

export interface SeededLibrary {
  userId: string;
  photoIds: string[];
  albumIds: string[];
}

/** `albumPhotos[i]` lists the indexes (into the photos) of album i's members, in display order. */
export async function seedLibrary(
  db: Kysely<Database>,
  photoCount: number,
  albumPhotos: number[][] = [],
): Promise<SeededLibrary> {
  const user = await new PostgresUserRepository(db).ensure(`sub-${randomUUID()}`);
  const photoIds = Array.from({ length: photoCount }, () => randomUUID());
  if (photoIds.length > 0) {
    await db
      .insertInto('images')
      .values(
        photoIds.map((id, index) => ({
          id,
          owner_id: user.id,
          storage_key: originalKey(user.id, id, 'image/jpeg'),
          preview_key: `users/${user.id}/photos/${id}/preview.jpg`,
          thumbnail_key: `users/${user.id}/photos/${id}/thumbnail.jpg`,
          model_key: `users/${user.id}/photos/${id}/model.jpg`,
          original_filename: `photo-${index}.jpg`,
          content_type: 'image/jpeg',
          size_bytes: 100,
          width: 40,
          height: 30,
          status: 'ready' as const,
          // As ingest reads photos now: the details read (none found in these files).
          details_read: true,
          created_at: new Date(Date.UTC(2026, 4, 1, 10, 0, index)),
        })),
      )
      .execute();
  }
  const albumIds: string[] = [];
  for (const [index, members] of albumPhotos.entries()) {
    const albumId = randomUUID();
    albumIds.push(albumId);
    const memberIds = members.map((member) => photoIds[member] as string);
    await db
      .insertInto('albums')
      .values({
        id: albumId,
        owner_id: user.id,
        title: `Album ${index}`,
        theme_description: 'Planned by the organizer',
        cover_image_id: memberIds[0] ?? null,
        created_at: new Date(Date.UTC(2026, 4, 2, 0, 0, index)),
      })
      .execute();
    if (memberIds.length > 0) {
      await db
        .insertInto('album_images')
        .values(
          memberIds.map((imageId, order) => ({ album_id: albumId, image_id: imageId, display_order: order })),
        )
        .execute();
    }
  }
  return { userId: user.id, photoIds, albumIds };
}
