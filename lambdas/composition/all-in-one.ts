/**
 * Every adapter at once, for the runtimes that run every function in one process: `npm start` (the
 * local runtime), the bench and the tests. A Lambda takes only what it uses (routes.ts, worker.ts).
 */
import type { Env } from '../config.ts';
import type { Logger } from '../core/ports.ts';
import { userDirectory } from './directory.ts';
import { s3PhotoUrls } from './photo-urls.ts';
import { sqsJobQueue } from './queue.ts';
import { type HttpDependencies, routeDependencies } from './routes.ts';
import { s3PhotoStorage } from './storage.ts';

/** What a route's Lambda is built from, with every route adapter wired. */
export function allInOneDependencies(env: Env, logger?: Logger): HttpDependencies {
  return routeDependencies(
    env,
    { urls: s3PhotoUrls, storage: s3PhotoStorage, queue: sqsJobQueue, directory: userDirectory },
    logger,
  );
}
