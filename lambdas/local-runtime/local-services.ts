/**
 * The managed services Momentarium uses in AWS, as local stand-ins on loopback: PostgreSQL (embedded,
 * the 17.x line RDS runs), an S3-compatible endpoint (s3rver) and an SQS-compatible one (fauxqs, with
 * dead-letter queues). `npm start`, the tests and the bench all start them here.
 *
 * Storage notifications are wired as in AWS: each object created in the uploads bucket that matches
 * the ingest filter (INGEST_NOTIFICATION: originals only) is sent, as an S3 event notification, to the
 * ingest queue. s3rver emits the events; this file is the bucket's notification configuration.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import pg from 'pg';
import type { Env } from '../config.ts';
import { notifiesIngest } from '../core/upload-policy.ts';
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
  /** Where storage notifications go (empty without queues). */
  ingestQueueUrl: string;
  ingestDeadLetterQueueUrl: string;
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

    // Set once the queue exists: S3 must start first (its port goes into nothing the queue needs).
    let notify: ((notification: { Records: unknown[] }) => void) | undefined;
    const s3 = await startLocalS3({
      directory: `${options.dataDir}/s3`,
      port: 0,
      bucket: BUCKET,
      allowedOrigins: options.allowedOrigins,
      onEvent: (notification) => notify?.(notification),
    });
    stack.push(() => s3.stop());

    let queue = {
      queueUrl: 'http://127.0.0.1:9/no-queue',
      deadLetterQueueUrl: '',
      ingestQueueUrl: '',
      ingestDeadLetterQueueUrl: '',
      env: {} as Env,
    };
    if (options.queue) {
      const sqs = await startLocalSqs({
        dataDir: options.persistent ? `${options.dataDir}/sqs` : null,
        port: 0,
        queueName: 'momentarium-jobs',
        ingestQueueName: 'momentarium-ingest',
        // As in AWS (lib/constructs/ingest.ts): six times the ingest function's timeout, here a minute.
        ingestVisibilityTimeoutSeconds: 60,
        ...options.queue,
      });
      stack.push(() => sqs.stop());
      queue = {
        queueUrl: sqs.queueUrl,
        deadLetterQueueUrl: sqs.deadLetterQueueUrl,
        ingestQueueUrl: sqs.ingestQueueUrl,
        ingestDeadLetterQueueUrl: sqs.ingestDeadLetterQueueUrl,
        env: { SQS_ENDPOINT: sqs.endpoint, INGEST_QUEUE_URL: sqs.ingestQueueUrl },
      };
      notify = storageNotifications(sqs.endpoint, sqs.ingestQueueUrl, stack);
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
      ingestQueueUrl: queue.ingestQueueUrl,
      ingestDeadLetterQueueUrl: queue.ingestDeadLetterQueueUrl,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The bucket's notification configuration: ObjectCreated events whose key passes the ingest filter are
 * sent to the ingest queue, one message per event, as S3 sends them (S3 retries its deliveries; a
 * send here is retried a few times too).
 */
function storageNotifications(
  endpoint: string,
  queueUrl: string,
  stack: (() => Promise<void>)[],
): (notification: { Records: unknown[] }) => void {
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint,
    credentials: {
      accessKeyId: LOCAL_KEYS.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_KEYS.AWS_SECRET_ACCESS_KEY,
    },
  });
  const pending = new Set<Promise<unknown>>();
  stack.push(async () => {
    await Promise.allSettled(pending);
    sqs.destroy();
  });
  return (notification) => {
    const records = notification.Records.filter((record) => {
      const { eventName, s3 } = record as { eventName?: string; s3?: { object?: { key?: string } } };
      return eventName?.startsWith('ObjectCreated:') && notifiesIngest(s3?.object?.key ?? '');
    });
    if (records.length === 0) return;
    const send = async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await sqs.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ Records: records }) }),
          );
        } catch (error) {
          if (attempt >= 5) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        }
      }
    };
    const sent = send().catch(() => undefined);
    pending.add(sent);
    void sent.finally(() => pending.delete(sent));
  };
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
