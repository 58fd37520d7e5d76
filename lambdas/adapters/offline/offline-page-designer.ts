/**
 * The page designer with no model: the core's deterministic offline design (core/offline-album-page.ts),
 * answered by ref like any designer, so the worker treats every answer the same way (untrusted,
 * validated). Used when no Gemini key is configured; it runs in AWS too.
 */
import type { AlbumPageDesigner, PageDesignAnswer, PageDesignRequest } from '../../core/album-page.ts';
import { offlineAlbumPage } from '../../core/offline-album-page.ts';

export function createOfflinePageDesigner(): AlbumPageDesigner {
  return {
    async design(request: PageDesignRequest): Promise<PageDesignAnswer> {
      const raw = offlineAlbumPage({
        title: request.title,
        description: request.description,
        // The request puts the cover first.
        coverImageId: request.photos[0]?.ref ?? null,
        photos: request.photos.map((photo) => ({
          id: photo.ref,
          takenAt: photo.takenAt,
          place: photo.place,
          width: photo.width ?? null,
          height: photo.height ?? null,
          look: photo.look ?? null,
        })),
      });
      return { designer: 'offline', raw };
    },
  };
}
