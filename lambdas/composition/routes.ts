/**
 * What an HTTP route's Lambda is built from: the database and its repositories, plus only the adapters
 * the route names in the route manifest (lambdas/handlers/http/routes.ts). Each adapter factory lives
 * in its own module (photo-urls.ts, storage.ts, queue.ts) so a route bundles only what it names.
 */
import type { Env } from '../config.ts';
import type { UserDirectory } from '../core/album-members.ts';
import type { JobQueue, Logger, PhotoStorage, PhotoUrlSigner } from '../core/ports.ts';
import { databaseDependencies, type RepositoryDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';

/** What every route gets. */
export type RouteDependencies = RepositoryDependencies;

/** The adapters a route may add, by the name the route's code reads them under. */
export interface RouteAdapters {
  /** Signed upload and download URLs (no storage client needed). */
  readonly urls: PhotoUrlSigner;
  /** Checking uploads and deleting objects. */
  readonly storage: PhotoStorage;
  /** Queueing jobs. */
  readonly queue: JobQueue;
  /** Finding the user a handle names, to invite them to an album (local users; Cognito in AWS). */
  readonly directory: UserDirectory;
}

/** Everything any route can use: what the local runtime, the bench and the tests hand every route. */
export type HttpDependencies = RouteDependencies & RouteAdapters;

/** Builders of some of the route adapters from the environment. */
export type AdapterFactories<K extends keyof RouteAdapters = keyof RouteAdapters> = {
  readonly [P in K]: (env: Env) => RouteAdapters[P];
};

/** The database and repositories, plus each named adapter, all built on first use. */
export function routeDependencies<K extends keyof RouteAdapters>(
  env: Env,
  adapters: AdapterFactories<K>,
  logger?: Logger,
): RouteDependencies & Pick<RouteAdapters, K> {
  const factories = Object.fromEntries(
    Object.entries(adapters).map(([name, factory]) => [name, () => (factory as (env: Env) => unknown)(env)]),
  ) as Record<K, () => unknown>;
  return lazyDependencies(
    factories,
    withRepositories(databaseDependencies(env, logger)),
  ) as RouteDependencies & Pick<RouteAdapters, K>;
}
