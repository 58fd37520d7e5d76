/** What the scheduled clean-up of photos never organized needs: the photo records, a clock, a logger. */
import type { Env } from '../config.ts';
import type { Clock, Logger, PhotoRepository } from '../core/ports.ts';
import { databaseDependencies, withRepositories } from './database.ts';

export interface MaintenanceDependencies {
  readonly photos: PhotoRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

export function maintenanceDependencies(env: Env): MaintenanceDependencies {
  return withRepositories(databaseDependencies(env));
}
