/**
 * What every function shares: the database (IAM auth through RDS Proxy in AWS, a password locally),
 * a logger, a clock and ids — and the repositories over the database. Storage (S3) and the queue
 * (SQS) are built in their own modules so that a function which does not use them does not bundle
 * their clients.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { createIamAuthDatabase } from '../adapters/aws/rds-iam-auth.ts';
import { randomShareTokens } from '../adapters/crypto/random-share-tokens.ts';
import { createDatabase } from '../adapters/postgres/database.ts';
import { PostgresAlbumPageRepository } from '../adapters/postgres/postgres-album-page-repository.ts';
import { PostgresAlbumRepository } from '../adapters/postgres/postgres-album-repository.ts';
import { PostgresAlbumSummaryRepository } from '../adapters/postgres/postgres-album-summary-repository.ts';
import { PostgresGalleryRepository } from '../adapters/postgres/postgres-gallery-repository.ts';
import { PostgresJobRepository } from '../adapters/postgres/postgres-job-repository.ts';
import { PostgresMemberRepository } from '../adapters/postgres/postgres-member-repository.ts';
import { PostgresPeopleRepository } from '../adapters/postgres/postgres-people-repository.ts';
import { PostgresPhotoRepository } from '../adapters/postgres/postgres-photo-repository.ts';
import { PostgresSearchRepository } from '../adapters/postgres/postgres-search-repository.ts';
import { PostgresSettingsRepository } from '../adapters/postgres/postgres-settings-repository.ts';
import { PostgresShareLinkRepository } from '../adapters/postgres/postgres-share-link-repository.ts';
import { PostgresTrashRepository } from '../adapters/postgres/postgres-trash-repository.ts';
import { PostgresUserRepository } from '../adapters/postgres/postgres-user-repository.ts';
import type { Database } from '../adapters/postgres/schema.ts';
import { databaseConfig, type Env } from '../config.ts';
import type { MemberRepository } from '../core/album-members.ts';
import type { AlbumPageRepository } from '../core/album-page-ports.ts';
import type {
  AlbumRepository,
  AlbumSummaryRepository,
  Clock,
  GalleryRepository,
  HealthProbe,
  IdGenerator,
  JobRepository,
  Logger,
  PeopleRepository,
  PhotoRepository,
  SearchRepository,
  SettingsRepository,
  TrashRepository,
  UserRepository,
} from '../core/ports.ts';
import type { ShareLinkRepository, ShareTokens } from '../core/share-links.ts';
import { lazyDependencies } from './lazy.ts';
import { appLogger } from './logging.ts';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { uuid: () => randomUUID() };

export interface DatabaseDependencies {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Closes the pool; for the local runtime, scripts and tests (Lambda just freezes). */
  close(): Promise<void>;
}

/** The repositories every HTTP route (and the scheduled clean-up) may use. */
export interface RepositoryDependencies extends DatabaseDependencies {
  readonly users: UserRepository;
  readonly photos: PhotoRepository;
  readonly jobs: JobRepository;
  readonly gallery: GalleryRepository;
  readonly albums: AlbumRepository;
  readonly albumSummaries: AlbumSummaryRepository;
  readonly settings: SettingsRepository;
  readonly people: PeopleRepository;
  readonly trash: TrashRepository;
  /** Albums' members (issue 17). */
  readonly members: MemberRepository;
  readonly albumPages: AlbumPageRepository;
  readonly shareLinks: ShareLinkRepository;
  readonly shareTokens: ShareTokens;
  /** Finding photos (issue 18). */
  readonly search: SearchRepository;
  readonly healthProbes: HealthProbe[];
}

/** Opens a database from DATABASE_* (IAM auth and TLS when DATABASE_IAM_AUTH=true, as in AWS). */
export function openDatabase(env: Env, maxConnections?: number): Kysely<Database> {
  const config = databaseConfig(env);
  const connections = maxConnections ?? config.DATABASE_MAX_CONNECTIONS;
  if (config.DATABASE_IAM_AUTH === 'true') {
    return createIamAuthDatabase({
      connectionString: config.DATABASE_URL,
      region: config.AWS_REGION,
      maxConnections: connections,
    });
  }
  return createDatabase({
    connectionString: config.DATABASE_URL,
    maxConnections: connections,
    ssl: config.DATABASE_SSL === 'true',
  });
}

export function databaseDependencies(env: Env, logger: Logger = appLogger()): DatabaseDependencies {
  let opened: Kysely<Database> | undefined;
  return lazyDependencies(
    {
      db: () => {
        opened = openDatabase(env);
        return opened;
      },
    },
    {
      logger,
      clock: systemClock,
      ids: randomIds,
      close: async () => {
        await opened?.destroy();
      },
    },
  );
}

/** `base` plus the Postgres repositories over its database, each built on first use. */
export function withRepositories<B extends DatabaseDependencies>(base: B): B & RepositoryDependencies {
  return lazyDependencies(
    {
      users: () => new PostgresUserRepository(base.db),
      photos: () => new PostgresPhotoRepository(base.db),
      jobs: () => new PostgresJobRepository(base.db),
      gallery: () => new PostgresGalleryRepository(base.db),
      albums: () => new PostgresAlbumRepository(base.db),
      albumSummaries: () => new PostgresAlbumSummaryRepository(base.db),
      settings: () => new PostgresSettingsRepository(base.db),
      people: () => new PostgresPeopleRepository(base.db),
      trash: () => new PostgresTrashRepository(base.db),
      members: () => new PostgresMemberRepository(base.db),
      albumPages: () => new PostgresAlbumPageRepository(base.db),
      shareLinks: () => new PostgresShareLinkRepository(base.db),
      shareTokens: () => randomShareTokens,
      search: () => new PostgresSearchRepository(base.db),
      healthProbes: (): HealthProbe[] => [
        { name: 'database', check: async () => void (await sql`select 1`.execute(base.db)) },
      ],
    },
    base,
  );
}
