/**
 * What brings the schema up to date: the deploy-time custom resource in AWS and `npm run migrate`.
 * The database is opened per run and closed after it (one run per invocation; a frozen Lambda
 * container must not keep a proxy connection open).
 */
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../adapters/postgres/migrate.ts';
import type { Database } from '../adapters/postgres/schema.ts';
import type { Env } from '../config.ts';
import type { Logger } from '../core/ports.ts';
import { openDatabase } from './database.ts';
import { appLogger } from './logging.ts';

export interface MigrationDependencies {
  openDatabase(): Kysely<Database>;
  migrate(db: Kysely<Database>): Promise<string[]>;
  logger: Logger;
}

export function migrationDependencies(
  env: Env,
  logger: Logger = appLogger({ component: 'run-migrations' }),
): MigrationDependencies {
  return { openDatabase: () => openDatabase(env, 1), migrate: migrateToLatest, logger };
}
