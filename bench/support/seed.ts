/** Data the groups write straight through the adapters, as the API routes would have written it. */
import { randomUUID } from 'node:crypto';
import type { HttpDependencies } from '../../lambdas/composition/routes.ts';
import { originalKey } from '../../lambdas/core/upload-policy.ts';

export interface SeedPhoto {
  id: string;
  /** Its place in the batch. */
  index: number;
  key: string;
}

/** `count` new photo ids of `ownerId` with their storage keys (JPEG originals). */
export function newPhotos(ownerId: string, count: number): SeedPhoto[] {
  return Array.from({ length: count }, (_, index) => {
    const id = randomUUID();
    return { id, index, key: originalKey(ownerId, id, 'image/jpeg') };
  });
}

/** Records the photos as awaiting upload, as the generate-urls route does. */
export async function recordUploads(
  http: HttpDependencies,
  ownerId: string,
  photos: Array<SeedPhoto & { name: string; size: number }>,
): Promise<void> {
  await http.photos.addAwaitingUpload(
    photos.map((photo) => ({
      id: photo.id,
      ownerId,
      storageKey: photo.key,
      originalFilename: photo.name,
      contentType: 'image/jpeg',
      sizeBytes: photo.size,
    })),
  );
}

/** A pending job over the photos, as the process route creates it; its id. */
export async function createJob(
  http: HttpDependencies,
  ownerId: string,
  photos: SeedPhoto[],
): Promise<string> {
  const { job } = await http.jobs.create({
    id: randomUUID(),
    ownerId,
    imageKeys: photos.map((photo) => photo.key),
    idempotencyKey: null,
  });
  return job.id;
}
