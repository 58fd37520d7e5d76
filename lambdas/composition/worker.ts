/** What the queue worker needs: the database, storage, image analysis, places and the album planner. */

import { createFaceApiReader } from '../adapters/faces/face-api-face-reader.ts';
import { createSharpImageAnalyzer } from '../adapters/images/sharp-image-analyzer.ts';
import { createGeonamesPlaceResolver } from '../adapters/offline/geonames-place-resolver.ts';
import { createOfflineAlbumPlanner } from '../adapters/offline/offline-album-planner.ts';
import { createOfflinePageDesigner } from '../adapters/offline/offline-page-designer.ts';
import { contentConfig, type Env, organizerConfig, workerConfig } from '../config.ts';
import type { AlbumPageDesigner } from '../core/album-page.ts';
import type { RedeliveryPolicy } from '../core/job-lifecycle.ts';
import type {
  AlbumPlanner,
  FaceReader,
  ImageAnalyzer,
  Logger,
  MessageRedelivery,
  PhotoStorage,
  PlaceResolver,
} from '../core/ports.ts';
import type { DesignAlbumPageDeps } from '../core/use-cases/design-album-page.ts';
import type { ProcessJobDeps } from '../core/use-cases/process-job.ts';
import { type DatabaseDependencies, databaseDependencies, randomIds, withRepositories } from './database.ts';
import { geminiAlbumPlanner, geminiPageDesigner } from './gemini.ts';
import { lazyDependencies } from './lazy.ts';
import { appLogger } from './logging.ts';
import { progressPublisher } from './progress.ts';
import { sqsRedelivery } from './queue.ts';
import { s3PhotoStorage } from './storage.ts';
import { jobMetrics, traced } from './worker-observability.ts';

/** The database and storage the worker runs on (it never queues anything). */
export type WorkerBase = DatabaseDependencies & { readonly storage: PhotoStorage };

export interface WorkerDependencies extends ProcessJobDeps, DesignAlbumPageDeps {
  /** What the worker was built on; close() it when done (local runtime and tests). */
  readonly shared: WorkerBase;
  /** Hands a failed delivery back to the queue, to come back after `retryPolicy`'s delay. */
  readonly redelivery: MessageRedelivery;
  readonly retryPolicy: RedeliveryPolicy;
}

export function workerDependencies(env: Env, shared: WorkerBase = workerBase(env)): WorkerDependencies {
  const worker = workerConfig(env);
  const repositories = withRepositories(shared);
  return lazyDependencies(
    {
      shared: () => shared,
      jobs: () => repositories.jobs,
      albumPages: () => repositories.albumPages,
      pageDesigner: () => pageDesigner(env, shared.logger),
      albumSummaries: () => repositories.albumSummaries,
      photos: () => repositories.photos,
      settings: () => repositories.settings,
      people: () => repositories.people,
      faces: () => faceReader(env),
      storage: () => shared.storage,
      ids: () => shared.ids,
      claimPolicy: () => ({ leaseSeconds: worker.JOB_LEASE_SECONDS, maxAttempts: worker.JOB_MAX_ATTEMPTS }),
      imageConcurrency: () => worker.IMAGE_CONCURRENCY,
      arrival: () => ({ waitMs: worker.JOB_PHOTO_WAIT_SECONDS * 1000, pollMs: 500 }),
      clock: () => shared.clock,
      sleep: () => (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
      redelivery: () => sqsRedelivery(env, traced),
      metrics: () => jobMetrics(env),
      progress: () => progressPublisher(env, shared),
      retryPolicy: () => ({
        baseSeconds: worker.JOB_RETRY_BASE_SECONDS,
        maxSeconds: worker.JOB_RETRY_MAX_SECONDS,
      }),
    },
    organizerDependencies(env, shared.logger),
  );
}

/**
 * What organizing photos needs, the worker's and `npm run organize`'s alike: the analyzer, the place
 * resolver, the planner and the offline organizer, with no database, storage or queue.
 */
export function organizerDependencies(env: Env, logger: Logger = appLogger({ component: 'organize' })) {
  return lazyDependencies({
    analyzer: () => imageAnalyzer(),
    places: () => placeResolver(),
    planner: () => createPlanner(env, logger),
    // The fallback when the model fails; none when the planner is the offline organizer already.
    offlinePlanner: () =>
      organizerConfig(env).ORGANIZER === 'offline' ? undefined : createOfflineAlbumPlanner(),
    ids: () => randomIds,
    logger: () => logger,
  });
}

/** Designs album pages: on Gemini when the organizer is (a key or its secret configured), else offline. */
export function pageDesigner(env: Env, logger: Logger): AlbumPageDesigner {
  return geminiPageDesigner(env, logger) ?? createOfflinePageDesigner();
}

/** Reads, rotates and renders photos (sharp); the bench also times it as the machine's yardstick. */
export function imageAnalyzer(): ImageAnalyzer {
  return createSharpImageAnalyzer();
}

/** Faces and their descriptors (face-api on TensorFlow.js WASM); the models load on the first read. */
export function faceReader(env: Env): FaceReader {
  const config = contentConfig(env);
  return createFaceApiReader({
    ...(config.FACE_MODEL_DIR ? { modelDirectory: config.FACE_MODEL_DIR } : {}),
    ...(config.TFJS_WASM_DIR ? { wasmDirectory: config.TFJS_WASM_DIR } : {}),
    ...(config.FACE_RUNTIME_MODULE ? { runtimeModule: config.FACE_RUNTIME_MODULE } : {}),
  });
}

/** Towns and countries from GeoNames, offline. */
export function placeResolver(): PlaceResolver {
  return createGeonamesPlaceResolver();
}

/** The request limit and list prices the worker's planner works with; the bench measures against them. */
export {
  DEFAULT_MAX_OUTPUT_TOKENS_CAP,
  MAX_INLINE_REQUEST_BYTES,
} from '../adapters/gemini/gemini-json-call.ts';
export { GEMINI_PRICES } from '../adapters/gemini/gemini-prices.ts';

function workerBase(env: Env): WorkerBase {
  return lazyDependencies({ storage: () => s3PhotoStorage(env, traced) }, databaseDependencies(env));
}

function createPlanner(env: Env, logger: Logger): AlbumPlanner {
  const config = organizerConfig(env);
  if (config.ORGANIZER === 'offline') return createOfflineAlbumPlanner();
  return geminiAlbumPlanner(config, logger);
}
