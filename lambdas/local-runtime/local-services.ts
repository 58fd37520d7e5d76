/**
 * The managed services Momentarium uses in AWS, as local stand-ins on loopback: PostgreSQL (embedded,
 * the 17.x line RDS runs), an S3-compatible endpoint (s3rver) and an SQS-compatible one (fauxqs, with
 * a dead-letter queue). `npm start`, the tests and the bench all start them here.
 */
import pg from 'pg';
import type { Env } from '../config.ts';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres-server.ts';
import { startLocalS3 } from './local-s3-server.ts';
import { startLocalSqs } from './local-sqs-server.ts';

export interface LocalServicesOptions {
  /** Where PostgreSQL, S3 objects and queue state live. */
  dataDir: string;
  /** Fixed port for PostgreSQL; 0 picks a free one. */
  postgresPort: number;
  /** Keep the data on stop (npm start) or throw it away (tests, bench). */
  persistent: boolean;
  /** Origins the S3 endpoint's CORS rule allows (the web app's). */
  allowedOrigins: string[];
  /** The job queue, or false for runs that drive the worker themselves. */
  queue: false | { visibilityTimeoutSeconds: number; maxReceiveCount: number };
}

export interface LocalServices {
  /** Where the services are, as the composition root reads it (DATABASE_URL, S3_ENDPOINT, ...). */
  env: Env;
  postgres: RunningPostgres;
  queueUrl: string;
  deadLetterQueueUrl: string;
  stop(): Promise<void>;
}

const DATABASE = 'momentarium';
const BUCKET = 'momentarium-uploads';
/** s3rver knows exactly one key pair; fauxqs accepts any. */
const LOCAL_KEYS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch(() => undefined);
    stack.length = 0;
  };
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: `${options.dataDir}/postgres`,
      port: options.postgresPort,
      persistent: options.persistent,
    });
    stack.push(() => postgres.stop());
    await ensureDatabase(postgres.connectionString, DATABASE);

    const s3 = await startLocalS3({
      directory: `${options.dataDir}/s3`,
      port: 0,
      bucket: BUCKET,
      allowedOrigins: options.allowedOrigins,
    });
    stack.push(() => s3.stop());

    let queue = { queueUrl: 'http://127.0.0.1:9/no-queue', deadLetterQueueUrl: '', env: {} as Env };
    if (options.queue) {
      const sqs = await startLocalSqs({
        dataDir: options.persistent ? `${options.dataDir}/sqs` : null,
        port: 0,
        queueName: 'momentarium-jobs',
        ...options.queue,
      });
      stack.push(() => sqs.stop());
      queue = {
        queueUrl: sqs.queueUrl,
        deadLetterQueueUrl: sqs.deadLetterQueueUrl,
        env: { SQS_ENDPOINT: sqs.endpoint },
      };
    }
    return {
      env: {
        AWS_REGION: 'us-east-1',
        ...LOCAL_KEYS,
        DATABASE_URL: postgres.urlFor(DATABASE),
        UPLOADS_BUCKET: BUCKET,
        S3_ENDPOINT: s3.endpoint,
        JOBS_QUEUE_URL: queue.queueUrl,
        ...queue.env,
      },
      postgres,
      queueUrl: queue.queueUrl,
      deadLetterQueueUrl: queue.deadLetterQueueUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
}
