/**
 * The local composition root behind `npm start` (and the end-to-end tests): embedded PostgreSQL,
 * S3- and SQS-compatible endpoints on loopback, the same handlers as in Lambda behind a local
 * API Gateway, and a poller standing in for the SQS event source mapping.
 */

import { fileURLToPath } from 'node:url';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { allInOneDependencies } from '../composition/all-in-one.ts';
import { withDetailsReader } from '../composition/details-read.ts';
import { appLogger } from '../composition/logging.ts';
import type { MaintenanceDependencies } from '../composition/maintenance.ts';
import { migrationDependencies } from '../composition/migrations.ts';
import { jobQueueClient } from '../composition/queue.ts';
import type { HttpDependencies } from '../composition/routes.ts';
import { workerDependencies } from '../composition/worker.ts';
import type { Env } from '../config.ts';
import { authConfig } from '../config.ts';
import type { Logger } from '../core/ports.ts';
import { routes } from '../handlers/http/routes.ts';
import type { HttpHandler } from '../handlers/middleware/http.ts';
import { create as createDailyCleanUp } from '../handlers/schedule/daily-clean-up.ts';
import { create as createReadMissingDetails } from '../handlers/schedule/read-missing-details.ts';
import { create as createIngestHandler } from '../handlers/sqs/ingest-photos.ts';
import { create as createWorkerHandler } from '../handlers/sqs/process-job.ts';
import { WORLD_MAP_PATH, worldMap } from '../web-content/world-map.ts';
import { type LocalRoute, type RunningApiServer, startApiGatewayServer } from './api-gateway-server.ts';
import type { RunningPostgres } from './embedded-postgres-server.ts';
import { fakeLambdaContext } from './lambda-context.ts';
import { type RunningEventsServer, startLocalEventsServer } from './local-events-server.ts';
import { createLocalTokens, type LocalTokens } from './local-jwt.ts';
import { startLocalServices } from './local-services.ts';
import { createLocalSessionRoute } from './local-session-route.ts';
import { startQueuePoller } from './queue-poller.ts';

export interface LocalAppOptions {
  /** Where PostgreSQL, S3 objects and queue state live between runs. */
  dataDir: string;
  port: number;
  host?: string;
  /** Organizer, Gemini and tuning variables (GEMINI_API_KEY, ORGANIZER, JOB_LEASE_SECONDS, ...). */
  env: Env;
  /** Fixed ports for the embedded services; 0 picks free ones. */
  postgresPort: number;
  /** Keep the data on stop (npm start) or throw it away (tests). */
  persistent: boolean;
  logger?: Logger;
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
  pollWaitSeconds?: number;
  /**
   * false: no queue poller and no daily clean-up, for the bench, which drives the worker itself
   * so that nothing else competes for the cores with what it measures. Default true.
   */
  background?: boolean;
  /** false: no events server; ingest and the worker publish nothing and pages poll. Default true. */
  liveProgress?: boolean;
}

export interface LocalApp {
  url: string;
  env: Env;
  http: HttpDependencies;
  queueUrl: string;
  deadLetterQueueUrl: string;
  postgres: RunningPostgres;
  /** The AppSync Events stand-in (live progress); null when liveProgress is false. */
  events: RunningEventsServer | null;
  stop(): Promise<void>;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/', import.meta.url));

export async function startLocalApp(options: LocalAppOptions): Promise<LocalApp> {
  const logger = options.logger ?? appLogger({ runtime: 'local' });
  const host = options.host ?? '127.0.0.1';
  const stack: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stack.reverse())
      await step().catch((error) => logger.warn('stop step failed', { error: String(error) }));
  };
  try {
    const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? 60;
    const services = await startLocalServices({
      dataDir: options.dataDir,
      postgresPort: options.postgresPort,
      persistent: options.persistent,
      // The web origin must be known before S3 starts (CORS), so the API port is fixed up front.
      allowedOrigins: [`http://localhost:${options.port}`, `http://127.0.0.1:${options.port}`],
      queue: {
        visibilityTimeoutSeconds,
        // As in AWS (lib/constructs/job-queue.ts): above JOB_MAX_ATTEMPTS, so a job whose worker keeps
        // dying is marked failed by a last delivery before its message can reach the dead-letter queue.
        maxReceiveCount: options.maxReceiveCount ?? 8,
      },
    });
    stack.push(() => services.stop());
    const tokens = createLocalTokens(authConfig(options.env).LOCAL_JWT_SECRET);
    let events: RunningEventsServer | null = null;
    if (options.liveProgress ?? true) {
      events = await startLocalEventsServer({
        host: '127.0.0.1',
        port: 0,
        region: services.env.AWS_REGION as string,
        credentials: {
          accessKeyId: services.env.AWS_ACCESS_KEY_ID as string,
          secretAccessKey: services.env.AWS_SECRET_ACCESS_KEY as string,
        },
        tokens,
        logger,
      });
      stack.push(() => (events as RunningEventsServer).stop());
    }

    const env: Env = {
      DATABASE_MAX_CONNECTIONS: '10',
      ...options.env,
      ...services.env,
      ...(events ? { PROGRESS_EVENTS_URL: events.httpUrl } : {}),
      // Lease shorter than the visibility timeout: a redelivered job of a dead worker is reclaimable.
      JOB_LEASE_SECONDS: options.env.JOB_LEASE_SECONDS ?? String(Math.max(1, visibilityTimeoutSeconds - 5)),
      // Failed deliveries come back within seconds on one machine, never later than the queue would.
      JOB_RETRY_BASE_SECONDS: options.env.JOB_RETRY_BASE_SECONDS ?? '1',
      JOB_RETRY_MAX_SECONDS: options.env.JOB_RETRY_MAX_SECONDS ?? String(visibilityTimeoutSeconds),
    };
    const http = allInOneDependencies(env, logger);
    stack.push(() => http.close());
    await migrationDependencies(env, logger).migrate(http.db);
    const worker = workerDependencies(env, http);

    const apiRoutes = await gatewayRoutes(http, tokens, logger);

    if (options.background ?? true) {
      // What AWS runs beside the API: the SQS event source feeding the worker, and the schedule.
      const poller = startQueuePoller({
        sqs: jobQueueClient(env),
        queueUrl: services.queueUrl,
        handler: createWorkerHandler(worker) as never,
        logger,
        batchSize: 1,
        concurrency: 1,
        waitTimeSeconds: options.pollWaitSeconds ?? 2,
        functionTimeoutMs: 15 * 60 * 1000,
      });
      stack.push(() => poller.stop());
      // Storage notifications feeding ingest, as S3 → SQS → the ingest Lambda in AWS.
      const ingest = startQueuePoller({
        sqs: jobQueueClient(env),
        queueUrl: services.ingestQueueUrl,
        // The worker's dependencies serve ingest too: one analyzer, one place index in this process.
        handler: createIngestHandler(worker) as never,
        logger,
        // As the ingest Lambda's event source (lib/constructs/ingest.ts, INGEST_BATCH_SIZE).
        batchSize: 4,
        concurrency: 2,
        waitTimeSeconds: options.pollWaitSeconds ?? 2,
        functionTimeoutMs: 60 * 1000,
      });
      stack.push(() => ingest.stop());
      stack.push(scheduleUpkeep(http, logger));
    }

    let api: RunningApiServer;
    try {
      api = await startApiGatewayServer({
        host,
        port: options.port,
        routes: apiRoutes,
        tokens,
        webRoot: WEB_ROOT,
        logger,
        // What the deployment writes into /config.json (lib/constructs/website.ts), local flavour.
        siteConfig: {
          mode: 'local',
          ...(events ? { events: { http: events.httpUrl, realtime: events.realtimeUrl } } : {}),
        },
        // What the deployment adds beside web/ (lib/constructs/website.ts deployContent).
        siteData: { [WORLD_MAP_PATH]: worldMap },
      });
    } catch (error) {
      throw new Error(`could not listen on ${host}:${options.port} (set PORT to use another port)`, {
        cause: error,
      });
    }
    stack.push(() => api.stop());

    return {
      url: api.url,
      env,
      http,
      queueUrl: services.queueUrl,
      deadLetterQueueUrl: services.deadLetterQueueUrl,
      postgres: services.postgres,
      events,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Every route of the manifest, built from every adapter as `npm start` has them all, plus local sign-in. */
async function gatewayRoutes(
  http: HttpDependencies,
  tokens: LocalTokens,
  logger: Logger,
): Promise<LocalRoute[]> {
  const gateway: LocalRoute[] = [
    {
      name: 'local-session',
      method: 'POST',
      path: '/api/local/sessions',
      authorized: false,
      handler: createLocalSessionRoute({ users: http.users, tokens, logger }) as unknown as HttpHandler,
    },
  ];
  for (const route of routes) {
    // The module each route's Lambda runs (lambdas/handlers/http/<name>.ts).
    const module = (await import(`../handlers/http/${route.name}.ts`)) as {
      create: (deps: HttpDependencies) => unknown;
    };
    gateway.push({ ...route, handler: module.create(http) as HttpHandler });
  }
  return gateway;
}

/**
 * What EventBridge schedules in AWS — the daily clean-up and the hourly details read — at start and
 * then hourly, one after the other, never two runs at once. The first run does not hold up the app's
 * start. Returns its stop: no new run, the details read ends after the originals it is reading.
 */
function scheduleUpkeep(deps: MaintenanceDependencies, logger: Logger): () => Promise<void> {
  const stopping = new AbortController();
  const tasks = [
    { name: 'daily-clean-up', handler: createDailyCleanUp(deps) as ScheduledHandler },
    {
      name: 'read-missing-details',
      handler: createReadMissingDetails(withDetailsReader(deps), {
        signal: stopping.signal,
      }) as ScheduledHandler,
    },
  ];
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      for (const { name, handler } of tasks) {
        if (stopping.signal.aborted) return;
        await handler({} as ScheduledEvent, fakeLambdaContext(name, 5 * 60_000)).catch((error: unknown) =>
          logger.warn('a scheduled task failed', { task: name, error: String(error) }),
        );
      }
    });
  };
  run();
  const timer = setInterval(run, 60 * 60 * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    stopping.abort();
    await running;
  };
}

type ScheduledHandler = (event: ScheduledEvent, context: Context) => Promise<unknown>;
