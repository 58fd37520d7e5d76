/**
 * What the scheduled clean-up of photos never organized needs: the photo records, storage (to delete
 * their files), a clock, a logger.
 */
import type { Env } from '../config.ts';
import type { Clock, Logger, PhotoRepository, PhotoStorage } from '../core/ports.ts';
import { databaseDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';
import { s3PhotoStorage } from './storage.ts';

export interface MaintenanceDependencies {
  readonly photos: PhotoRepository;
  readonly storage: PhotoStorage;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function maintenanceDependencies(env: Env): MaintenanceDependencies {
  return withRepositories(
    lazyDependencies({ storage: () => s3PhotoStorage(env) }, databaseDependencies(env)),
  );
}
