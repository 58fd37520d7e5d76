/**
 * What the hourly details read needs: the scheduled upkeep's adapters and the EXIF reader (exifr), in
 * a module of its own so that the daily clean-up's bundle carries no EXIF reader.
 */
import { createExifDetailsReader } from '../adapters/images/exif.ts';
import type { Env } from '../config.ts';
import type { PhotoDetailsReader } from '../core/ports.ts';
import { lazyDependencies } from './lazy.ts';
import { type MaintenanceDependencies, maintenanceDependencies } from './maintenance.ts';

export interface DetailsReadDependencies extends MaintenanceDependencies {
  readonly details: PhotoDetailsReader;
}

export function detailsReadDependencies(env: Env): DetailsReadDependencies {
  return withDetailsReader(maintenanceDependencies(env));
}

/** `base` (its getters stay lazy) with the EXIF reader: the local runtime passes the adapters it built. */
export function withDetailsReader(base: MaintenanceDependencies): DetailsReadDependencies {
  return lazyDependencies({ details: () => createExifDetailsReader() }, base);
}
