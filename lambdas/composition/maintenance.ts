/**
 * What the daily clean-up needs: the photo records and the Trash, storage (to delete their files), a
 * clock, a logger.
 */
import type { Env } from '../config.ts';
import type { Clock, Logger, PhotoRepository, PhotoStorage, TrashRepository } from '../core/ports.ts';
import { databaseDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';
import { s3PhotoStorage } from './storage.ts';

export interface MaintenanceDependencies {
  readonly photos: PhotoRepository;
  readonly trash: TrashRepository;
  readonly storage: PhotoStorage;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function maintenanceDependencies(env: Env): MaintenanceDependencies {
  return withRepositories(
    lazyDependencies({ storage: () => s3PhotoStorage(env) }, databaseDependencies(env)),
  );
}
