/**
 * The backing services of the local runtime, started the way lambdas/local-runtime/local-app.ts starts
 * them (embedded PostgreSQL, s3rver, optionally fauxqs) in a temporary folder, but without the queue
 * poller: the bench drives the worker itself so that nothing else competes for the two cores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../lambdas/adapters/logging/json-logger.ts';
import { migrateToLatest } from '../../lambdas/adapters/postgres/migrate.ts';
import { type HttpDependencies, httpDependencies } from '../../lambdas/composition/http.ts';
import { type SharedDependencies, sharedDependencies } from '../../lambdas/composition/shared.ts';
import type { Env } from '../../lambdas/config.ts';
import { startEmbeddedPostgres } from '../../lambdas/local-runtime/embedded-postgres-server.ts';
import { startLocalS3 } from '../../lambdas/local-runtime/local-s3-server.ts';
import { startLocalSqs } from '../../lambdas/local-runtime/local-sqs-server.ts';
import { onCleanup } from './cleanup.ts';

export interface Infra {
  /** Configuration for the composition roots (sharedDependencies, workerDependencies, ...). */
  env: Env;
  shared: SharedDependencies;
  http: HttpDependencies;
  stop(): Promise<void>;
}

const BUCKET = 'momentarium-bench';

export async function startInfra(options: { queue: boolean; allowedOrigins?: string[] }): Promise<Infra> {
  const dataDir = await mkdtemp(join(tmpdir(), 'momentarium-bench-'));
  const stack: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch(() => undefined);
    stack.length = 0;
  };
  const forget = onCleanup(stop);
  try {
    const postgres = await startEmbeddedPostgres({
      dataDir: `${dataDir}/postgres`,
      port: 0,
      persistent: false,
    });
    stack.push(() => postgres.stop());
    const s3 = await startLocalS3({
      directory: `${dataDir}/s3`,
      port: 0,
      bucket: BUCKET,
      // s3rver rejects a CORS rule without origins; the bench makes no browser requests.
      allowedOrigins: options.allowedOrigins ?? ['http://127.0.0.1'],
    });
    stack.push(() => s3.stop());
    let queueEnv: Env = { JOBS_QUEUE_URL: 'http://127.0.0.1:9/unused' };
    if (options.queue) {
      const sqs = await startLocalSqs({
        dataDir: null,
        port: 0,
        queueName: 'momentarium-bench-jobs',
        visibilityTimeoutSeconds: 60,
        maxReceiveCount: 5,
      });
      stack.push(() => sqs.stop());
      queueEnv = { JOBS_QUEUE_URL: sqs.queueUrl, SQS_ENDPOINT: sqs.endpoint };
    }
    const env: Env = {
      AWS_REGION: 'us-east-1',
      // s3rver knows exactly one key pair; fauxqs accepts any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      // The local runtime's pool size; a Lambda uses 1 (see DATABASE_MAX_CONNECTIONS in README).
      DATABASE_MAX_CONNECTIONS: '10',
      DATABASE_URL: postgres.urlFor('postgres'),
      UPLOADS_BUCKET: BUCKET,
      S3_ENDPOINT: s3.endpoint,
      ORGANIZER: 'offline',
      ...queueEnv,
    };
    const shared = sharedDependencies(env, silentLogger);
    stack.push(() => shared.close());
    await migrateToLatest(shared.db);
    return {
      env,
      shared,
      http: httpDependencies(shared),
      stop: async () => {
        forget();
        await stop();
      },
    };
  } catch (error) {
    forget();
    await stop();
    throw error;
  }
}
