/**
 * An album as the owner sees it, read the same way by the gallery (every album) and by an album's own
 * page: its columns with its date span and place, and the mapping to the domain's GalleryAlbum.
 */
import { sql } from 'kysely';
import type { GalleryAlbum, GalleryPhoto } from '../../core/model.ts';
import { shownCover } from '../../core/trash.ts';
import { albumSpanColumns, toAlbumSpan } from './album-span.ts';

/** The columns of `albums` (unaliased) an owner's album is shown with. */
export function galleryAlbumColumns(ownerId: string) {
  return [
    'id',
    'title',
    'theme_description',
    'cover_image_id',
    'created_at',
    ...albumSpanColumns(sql.ref('albums.id'), ownerId),
  ] as const;
}

export function toGalleryAlbum(
  row: Parameters<typeof toAlbumSpan>[0] & {
    id: string;
    title: string;
    theme_description: string;
    cover_image_id: string | null;
    created_at: Date;
  },
  photos: GalleryPhoto[],
): GalleryAlbum {
  return {
    id: row.id,
    title: row.title,
    themeDescription: row.theme_description,
    coverImageId: shownCover(
      row.cover_image_id,
      photos.map((photo) => photo.id),
    ),
    createdAt: row.created_at,
    span: toAlbumSpan(row),
    photos,
  };
}
