/**
 * The budgets, in one place: `npm run bench:check` evaluates them against bench/results.json and
 * BENCHMARKS.md shows the same table. A figure that was never measured counts as a miss.
 */
import type { LoadFigures, Results } from './results.ts';
import { kb } from './support/stats.ts';

export type BudgetStatus = 'pass' | 'miss' | 'not measured';

export interface BudgetOutcome {
  id: string;
  figure: string;
  limit: string;
  measured: string;
  status: BudgetStatus;
  command: string;
}

interface Budget {
  id: string;
  figure: string;
  limit: string;
  command: string;
  /** null when the figure is not in the results. */
  evaluate(results: Results): { measured: string; pass: boolean } | null;
}

/** Room the worker must leave in its Lambda's memory: a quarter, for bigger photos and HEIC decoding. */
export const WORKER_MEMORY_HEADROOM = 0.75;
/** The API routes' p99 at 50 connections. */
export const API_P99_LIMIT_MS = 20;
const API_BUNDLE_LIMIT_BYTES = 250_000;

const failures = (load: LoadFigures) => load.non2xx + load.errors + load.timeouts;

function p99Budget(route: string, label: string): Budget {
  return {
    id: `api.${route}.p99`,
    figure: `${label}: p99 at 50 connections (all answers 2xx)`,
    limit: `< ${API_P99_LIMIT_MS} ms`,
    command: 'npm run bench -- --only=api',
    evaluate: (results) => {
      const figures = results.groups.api?.routes.find((entry) => entry.route === route);
      if (!figures) return null;
      const failed = failures(figures);
      // The ratio to the bare node:http server of the same run carries across days of this machine.
      const ratio = figures.p99VsBare === undefined ? '' : `, ${figures.p99VsBare} × the bare server's`;
      return {
        measured: `${figures.p99Ms} ms${ratio}${failed ? ` (${failed} failed requests)` : ''}`,
        pass: figures.p99Ms < API_P99_LIMIT_MS && failed === 0,
      };
    },
  };
}

export const BUDGETS: Budget[] = [
  {
    id: 'model.calls',
    figure: 'Model calls per job of 500 photos, nothing failing',
    limit: 'exactly 1',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { model } }) =>
      model ? { measured: String(model.callsPerJob), pass: model.callsPerJob === 1 } : null,
  },
  {
    id: 'model.image-tokens',
    figure: 'Image tokens per photo implied by the request (media resolution)',
    limit: '≤ 280 (MEDIA_RESOLUTION_LOW)',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { model } }) =>
      model
        ? {
            measured: `${model.imageTokensPerPhoto} (${model.mediaResolution ?? 'not set'})`,
            pass: model.imageTokensPerPhoto <= 280,
          }
        : null,
  },
  {
    id: 'model.image-bytes',
    figure: 'Image bytes sent per 12 MP JPEG, median',
    limit: '≤ 80 KB',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { model } }) =>
      model
        ? {
            measured: `${(model.imageBytesPerPhoto.median / 1000).toFixed(1)} KB`,
            pass: model.imageBytesPerPhoto.median <= 80_000,
          }
        : null,
  },
  {
    id: 'worker.100-photos',
    figure: 'Worker job of 100 × 12 MP photos, model latency 0, median',
    limit: '≤ 15 s',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const run = worker?.runs.find((entry) => entry.photos === 100);
      return run ? { measured: `${run.medianSeconds} s`, pass: run.medianSeconds <= 15 } : null;
    },
  },
  {
    id: 'worker.memory',
    figure: 'Worker peak RSS, largest job measured',
    limit: `≤ ${2048 * WORKER_MEMORY_HEADROOM} MiB (75% of the 2,048 MB worker Lambda)`,
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      if (!worker || worker.runs.length === 0) return null;
      const largest = worker.runs.reduce((a, b) => (b.photos > a.photos ? b : a));
      const peak = Math.max(...worker.runs.map((run) => run.peakRssMb));
      return {
        measured: `${peak} MiB (largest job: ${largest.photos} photos)`,
        pass: peak <= worker.lambdaMemoryMb * WORKER_MEMORY_HEADROOM,
      };
    },
  },
  {
    id: 'worker.organize-500',
    figure: 'Organize → albums, 500 × 12 MP photos already uploaded and read, model latency 0',
    limit: '≤ 2 s',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const run = worker?.runs.find((entry) => entry.photos === 500);
      return run ? { measured: `${run.medianSeconds} s`, pass: run.medianSeconds <= 2 } : null;
    },
  },
  {
    id: 'worker.organize-ratio',
    figure: 'Organize time, 500 photos ÷ 50 photos (it must not grow with decoding)',
    limit: '≤ 3',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const large = worker?.runs.find((entry) => entry.photos === 500);
      const small = worker?.runs.find((entry) => entry.photos === 50);
      if (!large || !small) return null;
      const ratio = Math.round((large.medianSeconds / small.medianSeconds) * 100) / 100;
      return { measured: `${ratio} (${large.medianSeconds} s ÷ ${small.medianSeconds} s)`, pass: ratio <= 3 };
    },
  },
  {
    id: 'worker.job-memory-500',
    figure: 'Worker RSS during a 500-photo Organize (sampled every 25 ms)',
    limit: '≤ 256 MiB',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const run = worker?.runs.find((entry) => entry.photos === 500);
      if (run?.peakRssDuringJobMb === undefined) return null;
      return { measured: `${run.peakRssDuringJobMb} MiB`, pass: run.peakRssDuringJobMb <= 256 };
    },
  },
  {
    id: 'ingest.throughput',
    figure: 'Ingest: photos per second per core, ÷ the sharp analyzer alone on the same photos',
    limit: '≥ 0.8',
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const run = worker?.runs.find((entry) => entry.photos === 100);
      if (!worker || run?.ingestPhotosPerSecondPerCore === undefined) return null;
      const alone = 1000 / worker.calibrationMs;
      const ratio = Math.round((run.ingestPhotosPerSecondPerCore / alone) * 100) / 100;
      return {
        measured: `${ratio} (${run.ingestPhotosPerSecondPerCore} vs ${Math.round(alone * 100) / 100} photos/s, 100-photo jobs)`,
        pass: ratio >= 0.8,
      };
    },
  },
  p99Budget('status', 'GET /api/jobs/{id}/status'),
  p99Budget('generate-urls', 'POST /api/uploads/generate-urls (10 files)'),
  {
    id: 'api.gallery.queries',
    figure: 'Gallery SQL queries per request at 10, 100 and 1,000 photos',
    limit: 'the same count at every size',
    command: 'npm run bench -- --only=api',
    evaluate: ({ groups: { api } }) => {
      if (!api || api.galleryQueries.length === 0) return null;
      const counts = api.galleryQueries.map((entry) => entry.queries);
      const ok = api.galleryQueries.every((entry) => entry.status === 200);
      return {
        measured: api.galleryQueries.map((entry) => `${entry.photos}: ${entry.queries}`).join(', '),
        pass: ok && counts.every((count) => count === counts[0]),
      };
    },
  },
  {
    id: 'cold.api-bundle',
    figure: 'Each API handler bundle, minified (@aws-sdk bundled)',
    limit: '< 250 KB',
    command: 'npm run bench -- --only=cold-start',
    evaluate: ({ groups: { coldStart } }) => {
      const api = coldStart?.handlers.filter((handler) => handler.kind === 'http') ?? [];
      if (api.length === 0) return null;
      const over = api.filter((handler) => handler.bytes >= API_BUNDLE_LIMIT_BYTES);
      const largest = api.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      const smallest = api.reduce((a, b) => (b.bytes < a.bytes ? b : a));
      return {
        measured: `largest ${largest.name} ${kb(largest.bytes, 0)}, smallest ${smallest.name} ${kb(smallest.bytes, 0)}; ${over.length} of ${api.length} over`,
        pass: over.length === 0,
      };
    },
  },
];

export function evaluateBudgets(results: Results): BudgetOutcome[] {
  return BUDGETS.map((budget) => {
    const outcome = budget.evaluate(results);
    return {
      id: budget.id,
      figure: budget.figure,
      limit: budget.limit,
      command: budget.command,
      measured: outcome?.measured ?? '—',
      status: outcome === null ? 'not measured' : outcome.pass ? 'pass' : 'miss',
    };
  });
}
