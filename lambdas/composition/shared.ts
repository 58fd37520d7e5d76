/**
 * The composition root: the one place that turns validated configuration into adapters.
 * Both runtimes use it: Lambda feeds it the function's environment, `npm start` feeds it the
 * addresses of the local services. Everything is created once per container, on first use.
 */
import { randomUUID } from 'node:crypto';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Kysely } from 'kysely';
import { createJsonLogger } from '../adapters/logging/json-logger.ts';
import { createDatabase } from '../adapters/postgres/database.ts';
import type { Database } from '../adapters/postgres/schema.ts';
import { createS3Client } from '../adapters/s3/s3-client.ts';
import { S3PhotoStorage } from '../adapters/s3/s3-photo-storage.ts';
import { SqsJobQueue } from '../adapters/sqs/sqs-job-queue.ts';
import { databaseConfig, type Env, queueConfig, storageConfig } from '../config.ts';
import type { Clock, IdGenerator, JobQueue, Logger, PhotoStorage } from '../core/ports.ts';
import { createIamAuthDatabase } from './aws-database.ts';

export const systemClock: Clock = { now: () => new Date() };
export const randomIds: IdGenerator = { uuid: () => randomUUID() };

/** Memoizes a factory: the adapter (and its config section) is built on first use only. */
export function once<T>(factory: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = factory();
      made = true;
    }
    return value;
  };
}

export interface SharedDependencies {
  readonly db: Kysely<Database>;
  readonly storage: PhotoStorage;
  readonly queue: JobQueue;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Closes pools; for the local runtime and tests (Lambda just freezes). */
  close(): Promise<void>;
}

export function sharedDependencies(env: Env, logger: Logger = createJsonLogger()): SharedDependencies {
  const db = once(() => {
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
  const storage = once(() => {
    const config = storageConfig(env);
    const s3 = createS3Client({
      region: config.AWS_REGION,
      ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
      ...endpointCredentials(config),
    });
    return new S3PhotoStorage(s3, config.UPLOADS_BUCKET);
  });
  const queue = once(() => {
    const config = queueConfig(env);
    const sqs = new SQSClient({
      region: config.AWS_REGION,
      ...(config.SQS_ENDPOINT ? { endpoint: config.SQS_ENDPOINT } : {}),
      ...endpointCredentials(config),
    });
    return new SqsJobQueue(sqs, config.JOBS_QUEUE_URL);
  });
  let dbMade = false;
  return {
    get db() {
      dbMade = true;
      return db();
    },
    get storage() {
      return storage();
    },
    get queue() {
      return queue();
    },
    logger,
    clock: systemClock,
    ids: randomIds,
    close: async () => {
      if (dbMade) await db().destroy();
    },
  };
}

function endpointCredentials(config: {
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
}) {
  return config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
    ? {
        credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY },
      }
    : {};
}
