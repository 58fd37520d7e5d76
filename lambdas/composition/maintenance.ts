/**
 * What the scheduled upkeep needs: the photo records and the Trash, storage (to delete their files,
 * and to read originals whose details were never read), the details reader, a clock, a logger.
 */

import { createExifDetailsReader } from '../adapters/images/exif.ts';
import type { Env } from '../config.ts';
import type {
  Clock,
  Logger,
  PhotoDetailsReader,
  PhotoRepository,
  PhotoStorage,
  TrashRepository,
} from '../core/ports.ts';
import { databaseDependencies, withRepositories } from './database.ts';
import { lazyDependencies } from './lazy.ts';
import { s3PhotoStorage } from './storage.ts';

export interface MaintenanceDependencies {
  readonly photos: PhotoRepository;
  readonly trash: TrashRepository;
  readonly storage: PhotoStorage;
  readonly details: PhotoDetailsReader;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function maintenanceDependencies(env: Env): MaintenanceDependencies {
  return withRepositories(
    lazyDependencies(
      { storage: () => s3PhotoStorage(env), details: () => createExifDetailsReader() },
      databaseDependencies(env),
    ),
  );
}

/** The same, on adapters already built (the local runtime's, which serve the API too). */
export function maintenanceFrom(deps: Omit<MaintenanceDependencies, 'details'>): MaintenanceDependencies {
  const { photos, trash, storage, clock, logger } = deps;
  return { photos, trash, storage, clock, logger, details: createExifDetailsReader() };
}
