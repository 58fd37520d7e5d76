/**
 * The worker group's backing services: the local runtime's (lambdas/local-runtime/local-services.ts:
 * embedded PostgreSQL and s3rver) in a temporary folder, composed with every adapter the way `npm start`
 * composes them, but with no queue and no poller: the bench drives the worker itself so that nothing
 * else competes for the two cores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allInOneDependencies } from '../../lambdas/composition/all-in-one.ts';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import { migrationDependencies } from '../../lambdas/composition/migrations.ts';
import type { HttpDependencies } from '../../lambdas/composition/routes.ts';
import type { Env } from '../../lambdas/config.ts';
import { startLocalServices } from '../../lambdas/local-runtime/local-services.ts';
import { onCleanup } from './cleanup.ts';

export interface Infra {
  /** Configuration for the composition roots (allInOneDependencies, workerDependencies, ...). */
  env: Env;
  /** Every adapter, as the local runtime has them. */
  http: HttpDependencies;
  stop(): Promise<void>;
}

export async function startInfra(): Promise<Infra> {
  const dataDir = await mkdtemp(join(tmpdir(), 'momentarium-bench-'));
  const stack: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const step of stack.reverse()) await step().catch(() => undefined);
    stack.length = 0;
  };
  const forget = onCleanup(stop);
  try {
    const services = await startLocalServices({
      dataDir,
      postgresPort: 0,
      persistent: false,
      // s3rver rejects a CORS rule without origins; the bench makes no browser requests.
      allowedOrigins: ['http://127.0.0.1'],
      queue: false,
    });
    stack.push(() => services.stop());
    const env: Env = {
      // The local runtime's pool size; a Lambda uses 1 (see DATABASE_MAX_CONNECTIONS in README).
      DATABASE_MAX_CONNECTIONS: '10',
      ORGANIZER: 'offline',
      ...services.env,
    };
    const http = allInOneDependencies(env, quietLogger);
    stack.push(() => http.close());
    await migrationDependencies(env, quietLogger).migrate(http.db);
    return {
      env,
      http,
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
