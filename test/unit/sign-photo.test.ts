import type { PhotoUrlSigner } from '../../lambdas/core/ports.ts';
import { signPhoto } from '../../lambdas/core/use-cases/get-gallery.ts';

const urls: PhotoUrlSigner = {
  presignDownload: async (key: string) => `https://signed.example/${key}`,
  presignUpload: async () => {
    throw new Error('signPhoto never signs uploads');
  },
};

describe('signPhoto', () => {
  it('signs the original, the preview and the thumbnail', async () => {
    expect(
      await signPhoto(urls, { storageKey: 'o.jpg', previewKey: 'p.jpg', thumbnailKey: 't.jpg' }),
    ).toEqual({
      url: 'https://signed.example/o.jpg',
      previewUrl: 'https://signed.example/p.jpg',
      thumbnailUrl: 'https://signed.example/t.jpg',
    });
  });

  it('hands out the preview for a photo organized before thumbnails existed', async () => {
    const signed = await signPhoto(urls, { storageKey: 'o.jpg', previewKey: 'p.jpg', thumbnailKey: null });
    expect(signed.thumbnailUrl).toBe('https://signed.example/p.jpg');
  });

  it('hands out the original when there is no rendition at all', async () => {
    const signed = await signPhoto(urls, { storageKey: 'o.jpg', previewKey: null, thumbnailKey: null });
    expect([signed.previewUrl, signed.thumbnailUrl]).toEqual([
      'https://signed.example/o.jpg',
      'https://signed.example/o.jpg',
    ]);
  });
});
