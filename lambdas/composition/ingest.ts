/**
 * What ingest needs: the photo records, storage (to read originals and write renditions), the image
 * analyzer, the place resolver, and — for owners who turned people recognition on — the face reader
 * and the people repository. In AWS it runs in its own Lambda, fed by S3 notifications through
 * the ingest queue; locally the local runtime feeds it s3rver's events through the same kind of queue.
 */
import type { Env } from '../config.ts';
import type { IngestPhotoDeps } from '../core/use-cases/ingest-photo.ts';
import { databaseDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';
import { progressPublisher } from './progress.ts';
import { s3PhotoStorage } from './storage.ts';
import { faceReader, imageAnalyzer, placeResolver, type WorkerBase } from './worker.ts';

export type IngestDependencies = IngestPhotoDeps;

export function ingestDependencies(env: Env, shared?: WorkerBase): IngestDependencies {
  const base: WorkerBase =
    shared ?? lazyDependencies({ storage: () => s3PhotoStorage(env) }, databaseDependencies(env));
  const repositories = withRepositories(base);
  return lazyDependencies({
    photos: () => repositories.photos,
    settings: () => repositories.settings,
    people: () => repositories.people,
    storage: () => base.storage,
    analyzer: () => imageAnalyzer(),
    faces: () => faceReader(env),
    places: () => placeResolver(),
    logger: () => base.logger,
    progress: () => progressPublisher(env, base),
  });
}
