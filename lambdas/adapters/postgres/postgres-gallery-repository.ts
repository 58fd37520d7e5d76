import { type Kysely, sql } from 'kysely';
import type { ComparablePhoto, GalleryAlbum, GalleryPhoto } from '../../core/model.ts';
import type { GalleryRepository } from '../../core/ports.ts';
import { galleryAlbumColumns, toGalleryAlbum } from './album-rows.ts';
import { shownInAlbum } from './album-visibility.ts';
import {
  galleryPhotoColumns,
  likenessColumns,
  photoColumns,
  toGalleryPhoto,
  toLikeness,
  toListedPhoto,
} from './row-mappers.ts';
import type { Database } from './schema.ts';

export class PostgresGalleryRepository implements GalleryRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** Two queries whatever the number of albums and photos. */
  async listAlbums(ownerId: string): Promise<GalleryAlbum[]> {
    const albums = await this.#db
      .selectFrom('albums')
      .select(galleryAlbumColumns(ownerId))
      .where('owner_id', '=', ownerId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
    if (albums.length === 0) return [];

    const memberships = await this.#db
      .selectFrom('album_images as ai')
      .innerJoin('albums as a', 'a.id', 'ai.album_id')
      .innerJoin('images as i', 'i.id', 'ai.image_id')
      .select(['ai.album_id', ...galleryPhotoColumns])
      .where('a.owner_id', '=', ownerId)
      .where('a.deleted_at', 'is', null)
      // The owner's photos and the accepted contributors' (issue 17), none in the Trash.
      .where(shownInAlbum(sql.ref('ai.album_id'), ownerId))
      .orderBy('ai.album_id')
      .orderBy('ai.display_order')
      .execute();

    const photosByAlbum = new Map<string, GalleryPhoto[]>();
    for (const row of memberships) {
      const photos = photosByAlbum.get(row.album_id) ?? [];
      photos.push(toGalleryPhoto(row));
      photosByAlbum.set(row.album_id, photos);
    }
    return albums.map((album) => toGalleryAlbum(album, photosByAlbum.get(album.id) ?? []));
  }

  async recentComparable(ownerId: string, limit: number): Promise<ComparablePhoto[]> {
    const rows = await this.#db
      .selectFrom('images as i')
      .select([...photoColumns, ...likenessColumns])
      .where('i.owner_id', '=', ownerId)
      .where('i.status', '=', 'ready')
      .where('i.trashed_at', 'is', null)
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ ...toListedPhoto(row), likeness: toLikeness(row) }));
  }
}
