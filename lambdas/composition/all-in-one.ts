/**
 * Every adapter at once, for the runtimes that run every function in one process: `npm start` (the
 * local runtime), the bench and the tests. A Lambda takes only what it uses (routes.ts, worker.ts).
 */
import type { Env } from '../config.ts';
import type { Logger } from '../core/ports.ts';
import { databaseDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';
import { s3PhotoUrls } from './photo-urls.ts';
import { sqsJobQueue } from './queue.ts';
import type { HttpDependencies } from './routes.ts';
import { s3PhotoStorage } from './storage.ts';

export function allInOneDependencies(env: Env, logger?: Logger): HttpDependencies {
  return lazyDependencies(
    {
      urls: () => s3PhotoUrls(env),
      storage: () => s3PhotoStorage(env),
      queue: () => sqsJobQueue(env),
    },
    withRepositories(databaseDependencies(env, logger)),
  );
}
