import { sql } from 'kysely';
import { PostgresAlbumRepository } from '../adapters/postgres/postgres-album-repository.ts';
import { PostgresGalleryRepository } from '../adapters/postgres/postgres-gallery-repository.ts';
import { PostgresJobRepository } from '../adapters/postgres/postgres-job-repository.ts';
import { PostgresPhotoRepository } from '../adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../adapters/postgres/postgres-user-repository.ts';
import type { Env } from '../config.ts';
import type {
  AlbumRepository,
  GalleryRepository,
  HealthProbe,
  JobRepository,
  PhotoRepository,
  UserRepository,
} from '../core/ports.ts';
import { once, type SharedDependencies, sharedDependencies } from './shared.ts';

/** What the HTTP handlers need. Adapters are built on first use, so each Lambda touches only its own. */
export interface HttpDependencies extends SharedDependencies {
  readonly users: UserRepository;
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly gallery: GalleryRepository;
  readonly albums: AlbumRepository;
  readonly healthProbes: HealthProbe[];
}

export function httpDependencies(
  env: Env,
  shared: SharedDependencies = sharedDependencies(env),
): HttpDependencies {
  const users = once(() => new PostgresUserRepository(shared.db));
  const photos = once(() => new PostgresPhotoRepository(shared.db));
  const jobs = once(() => new PostgresJobRepository(shared.db));
  const gallery = once(() => new PostgresGalleryRepository(shared.db));
  const albums = once(() => new PostgresAlbumRepository(shared.db));
  return withShared(shared, {
    get users() {
      return users();
    },
    get photos() {
      return photos();
    },
    get jobs() {
      return jobs();
    },
    get gallery() {
      return gallery();
    },
    get albums() {
      return albums();
    },
    get healthProbes() {
      return [{ name: 'database', check: async () => void (await sql`select 1`.execute(shared.db)) }];
    },
  });
}

/** Adds the shared getters to an object without evaluating them (they are lazy). */
export function withShared<T extends object>(shared: SharedDependencies, own: T): T & SharedDependencies {
  return Object.defineProperties(own, Object.getOwnPropertyDescriptors(shared)) as T & SharedDependencies;
}
