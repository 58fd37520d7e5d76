/**
 * What every Lambda and the local runtime share: the database, a logger, a clock and ids.
 * Storage (S3) and the queue (SQS) live in their own modules so that a function which does not use
 * them does not bundle their clients (see lambdas/handlers/lambda-entry.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createIamAuthDatabase } from '../adapters/aws/rds-iam-auth.ts';
import { createJsonLogger } from '../adapters/logging/json-logger.ts';
import { createDatabase } from '../adapters/postgres/database.ts';
import type { Database } from '../adapters/postgres/schema.ts';
import { databaseConfig, type Env } from '../config.ts';
import type { Clock, IdGenerator, Logger } from '../core/ports.ts';
import { once } from './lazy.ts';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { uuid: () => randomUUID() };

export interface DatabaseDependencies {
  readonly db: Kysely<Database>;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Closes pools; for the local runtime and tests (Lambda just freezes). */
  close(): Promise<void>;
}

export function databaseDependencies(env: Env, logger: Logger = createJsonLogger()): DatabaseDependencies {
  let made = false;
  const db = once(() => {
    made = true;
    const config = databaseConfig(env);
    if (config.DATABASE_IAM_AUTH === 'true') {
      return createIamAuthDatabase({
        connectionString: config.DATABASE_URL,
        region: config.AWS_REGION,
        maxConnections: config.DATABASE_MAX_CONNECTIONS,
      });
    }
    return createDatabase({
      connectionString: config.DATABASE_URL,
      maxConnections: config.DATABASE_MAX_CONNECTIONS,
      ssl: config.DATABASE_SSL === 'true',
    });
  });
  return {
    get db() {
      return db();
    },
    logger,
    clock: systemClock,
    ids: randomIds,
    close: async () => {
      if (made) await db().destroy();
    },
  };
}
