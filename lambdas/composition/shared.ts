/**
 * Every adapter at once, for the runtimes that use them all: `npm start` (API and worker in one
 * process), the bench and the tests. A Lambda takes only what it uses: each route names its adapters
 * (lambda-entry.ts), and the worker Lambda is built from workerBase (worker.ts).
 */
import type { Env } from '../config.ts';
import type { JobQueue, Logger, PhotoStorage, PhotoUrlSigner } from '../core/ports.ts';
import { type DatabaseDependencies, databaseDependencies } from './database.ts';
import { extend, once } from './lazy.ts';
import { s3PhotoUrls } from './photo-urls.ts';
import { sqsJobQueue } from './queue.ts';
import { s3PhotoStorage } from './storage.ts';

export interface SharedDependencies extends DatabaseDependencies {
  readonly urls: PhotoUrlSigner;
  readonly storage: PhotoStorage;
  readonly queue: JobQueue;
}

export function sharedDependencies(env: Env, logger?: Logger): SharedDependencies {
  const urls = once(() => s3PhotoUrls(env));
  const storage = once(() => s3PhotoStorage(env));
  const queue = once(() => sqsJobQueue(env));
  return extend(databaseDependencies(env, logger), {
    get urls() {
      return urls();
    },
    get storage() {
      return storage();
    },
    get queue() {
      return queue();
    },
  });
}
