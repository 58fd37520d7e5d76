import { sql } from 'kysely';
import { PostgresAlbumRepository } from '../adapters/postgres/postgres-album-repository.ts';
import { PostgresGalleryRepository } from '../adapters/postgres/postgres-gallery-repository.ts';
import { PostgresJobRepository } from '../adapters/postgres/postgres-job-repository.ts';
import { PostgresPhotoRepository } from '../adapters/postgres/postgres-photo-repository.ts';
import { PostgresUserRepository } from '../adapters/postgres/postgres-user-repository.ts';
import type {
  AlbumRepository,
  GalleryRepository,
  HealthProbe,
  JobQueue,
  JobRepository,
  PhotoRepository,
  PhotoStorage,
  PhotoUrlSigner,
  UserRepository,
} from '../core/ports.ts';
import type { DatabaseDependencies } from './database.ts';
import { extend, once } from './lazy.ts';

/** What every HTTP route gets: the repositories over the database. */
export interface RouteDependencies extends DatabaseDependencies {
  readonly users: UserRepository;
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly gallery: GalleryRepository;
  readonly albums: AlbumRepository;
  readonly healthProbes: HealthProbe[];
}

/** For routes that hand out signed upload or download URLs (no storage client needed). */
export interface WithPhotoUrls {
  readonly urls: PhotoUrlSigner;
}

/** For routes that check uploads or delete objects. */
export interface WithStorage {
  readonly storage: PhotoStorage;
}

/** For routes that queue jobs. */
export interface WithQueue {
  readonly queue: JobQueue;
}

/** Everything any route can use: what the local runtime, the bench and the tests hand every route. */
export type HttpDependencies = RouteDependencies & WithPhotoUrls & WithStorage & WithQueue;

/** Adds the repositories to `base` (and keeps whatever else it carries, e.g. storage). Lazy throughout. */
export function httpDependencies<B extends DatabaseDependencies>(base: B): B & RouteDependencies {
  const users = once(() => new PostgresUserRepository(base.db));
  const photos = once(() => new PostgresPhotoRepository(base.db));
  const jobs = once(() => new PostgresJobRepository(base.db));
  const gallery = once(() => new PostgresGalleryRepository(base.db));
  const albums = once(() => new PostgresAlbumRepository(base.db));
  return extend(base, {
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
      return [{ name: 'database', check: async () => void (await sql`select 1`.execute(base.db)) }];
    },
  });
}
