/**
 * One worker run in a fresh process, as a cold Lambda container would do it: the real composition
 * (workerDependencies: Kysely/pg, S3 client, sharp analyzer, geocoder, Gemini planner) with its ports
 * wrapped in timing decorators, then processJob on one job. Reports phase times and peak memory.
 */
import { allInOneDependencies } from '../../lambdas/composition/all-in-one.ts';
import { quietLogger } from '../../lambdas/composition/logging.ts';
import { workerDependencies } from '../../lambdas/composition/worker.ts';
import type { Env } from '../../lambdas/config.ts';
import { type ProcessJobDeps, processJob } from '../../lambdas/core/use-cases/process-job.ts';
import { serveParent } from '../support/child.ts';
import { PhaseClock, type PhaseSummary } from '../support/phases.ts';
import {
  timedAnalyzer,
  timedJobs,
  timedPhotos,
  timedPlaces,
  timedPlanner,
  timedStorage,
} from './timed-ports.ts';

export interface WorkerRunParams {
  env: Env;
  jobId: string;
}

export interface WorkerRunResult {
  outcome: string;
  wallMs: number;
  phases: Record<string, PhaseSummary>;
  memory: {
    /** process.resourceUsage().maxRSS: the process's high-water mark, imports included. */
    maxRssMb: number;
    rssBeforeJobMb: number;
    /** Sampled every 25 ms during the job. */
    peakRssDuringJobMb: number;
    peakHeapUsedMb: number;
    peakArrayBuffersMb: number;
  };
}

const MB = 1024 * 1024;

async function run(params: unknown): Promise<WorkerRunResult> {
  const { env, jobId } = params as WorkerRunParams;
  const shared = allInOneDependencies(env, quietLogger);
  const worker = workerDependencies(env, shared);
  const clock = new PhaseClock();
  const deps: ProcessJobDeps = {
    jobs: timedJobs(worker.jobs, clock),
    albumSummaries: worker.albumSummaries,
    photos: timedPhotos(worker.photos, clock),
    storage: timedStorage(worker.storage, clock),
    // Built on first use, as in the worker: a job of photos ingest already read needs neither the
    // analyzer (sharp) nor the place index (GeoNames, held in memory), nor the offline organizer.
    get analyzer() {
      return timedAnalyzer(worker.analyzer, clock);
    },
    get places() {
      return timedPlaces(worker.places, clock);
    },
    settings: worker.settings,
    people: worker.people,
    get faces() {
      return worker.faces;
    },
    planner: timedPlanner(worker.planner, clock),
    get offlinePlanner() {
      return worker.offlinePlanner;
    },
    ids: worker.ids,
    logger: worker.logger,
    claimPolicy: worker.claimPolicy,
    arrival: worker.arrival,
    clock: worker.clock,
    sleep: worker.sleep,
    metrics: worker.metrics,
    progress: worker.progress,
    imageConcurrency: worker.imageConcurrency,
  };
  const rssBeforeJobMb = process.memoryUsage().rss / MB;
  let peakHeapUsed = 0;
  let peakArrayBuffers = 0;
  let peakRss = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeapUsed = Math.max(peakHeapUsed, usage.heapUsed);
    peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
  };
  const sampler = setInterval(sample, 25);
  const start = performance.now();
  try {
    const outcome = await processJob(deps, jobId);
    const wallMs = performance.now() - start;
    sample();
    return {
      outcome,
      wallMs,
      phases: clock.summary(),
      memory: {
        // maxRSS is in kibibytes.
        maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
        rssBeforeJobMb,
        peakRssDuringJobMb: peakRss / MB,
        peakHeapUsedMb: peakHeapUsed / MB,
        peakArrayBuffersMb: peakArrayBuffers / MB,
      },
    };
  } finally {
    clearInterval(sampler);
    await shared.close();
  }
}

serveParent({ run });
