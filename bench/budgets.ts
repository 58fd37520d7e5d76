/**
 * The budgets, in one place: `npm run bench:check` evaluates them against bench/results.json and
 * BENCHMARKS.md shows the same table. A figure that was never measured counts as a miss.
 */
import { bareBaseline, type LoadFigures, type Results } from './results.ts';

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
/**
 * An API route's p99 at concurrency 1: in AWS each Lambda instance serves one request at a time, so
 * that is the latency a user sees (API Gateway spreads concurrent callers over instances).
 */
export const API_SINGLE_P99_LIMIT_MS = 10;
/** Each handler's cold import, fresh process included, at most this many times an empty module's. */
const COLD_IMPORT_LIMIT = 2;
/** Last PUT → photo read (ingest), median, with nothing else queued. */
const INGEST_LATENCY_LIMIT_S = 1;

const failures = (load: LoadFigures) => load.non2xx + load.errors + load.timeouts;

function singleP99Budget(route: string, label: string): Budget {
  return {
    id: `api.${route}.single-p99`,
    figure: `${label}: p99 at concurrency 1 (all answers 2xx)`,
    limit: `≤ ${API_SINGLE_P99_LIMIT_MS} ms`,
    command: 'npm run bench -- --only=api',
    evaluate: (results) => {
      const single = results.groups.api?.routes.find((entry) => entry.route === route)?.single;
      if (!single) return null;
      const failed = failures(single);
      return {
        measured: `${single.p99Ms} ms (p50 ${single.p50Ms})${failed ? ` (${failed} failed requests)` : ''}`,
        pass: single.p99Ms <= API_SINGLE_P99_LIMIT_MS && failed === 0,
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
      const alone = worker?.analyzerPhotosPerSecondPerCore;
      if (alone === undefined || run?.ingestPhotosPerSecondPerCore === undefined) return null;
      const ratio = Math.round((run.ingestPhotosPerSecondPerCore / alone) * 100) / 100;
      return {
        measured: `${ratio} (${run.ingestPhotosPerSecondPerCore} vs ${alone} photos/s per core, the same 100 photos, 2 at a time)`,
        pass: ratio >= 0.8,
      };
    },
  },
  {
    id: 'ingest.memory',
    figure: 'Ingest Lambda: RSS while it reads one SQS batch of 12 MP photos, fresh process',
    limit: `≤ ${WORKER_MEMORY_HEADROOM * 100} % of its configured memory`,
    command: 'npm run bench -- --only=worker',
    evaluate: ({ groups: { worker } }) => {
      const batch = worker?.ingestBatch;
      if (!batch) return null;
      const people = worker?.ingestBatchWithPeople;
      const peak = Math.max(batch.peakRssDuringBatchMb, people?.peakRssDuringBatchMb ?? 0);
      return {
        measured:
          `${batch.peakRssDuringBatchMb} MiB for ${batch.photos} photos (${batch.medianMs} ms)` +
          (people
            ? `; people recognition on ${people.peakRssDuringBatchMb} MiB (${people.medianMs} ms)`
            : '') +
          ` of ${batch.lambdaMemoryMb} MB`,
        pass: peak <= batch.lambdaMemoryMb * WORKER_MEMORY_HEADROOM,
      };
    },
  },
  {
    id: 'ingest.latency',
    figure: 'Ingest: last PUT → photo read and ready, idle queue, median',
    limit: `≤ ${INGEST_LATENCY_LIMIT_S} s`,
    command: 'npm run bench -- --only=e2e',
    evaluate: ({ groups: { e2e } }) => {
      const latency = e2e?.ingestLatency;
      if (!latency) return null;
      return {
        measured: `${latency.p50Seconds} s (p90 ${latency.p90Seconds} s, ${latency.samples} photos one at a time)`,
        pass: latency.p50Seconds <= INGEST_LATENCY_LIMIT_S,
      };
    },
  },
  singleP99Budget('status', 'GET /api/jobs/{id}/status'),
  singleP99Budget('generate-urls', 'POST /api/uploads/generate-urls (10 files)'),
  singleP99Budget('gallery-100', 'GET /api/galleries/me (100 photos)'),
  {
    id: 'api.status.single-throughput',
    figure:
      'GET /api/jobs/{id}/status at concurrency 1: throughput ÷ the bare node:http server of the same run',
    limit: '≥ 0.3',
    command: 'npm run bench -- --only=api',
    evaluate: ({ groups: { api } }) => {
      const status = api?.routes.find((entry) => entry.route === 'status');
      if (status?.singleRpsVsBare === undefined || !api?.bareSingle) return null;
      const bare = bareBaseline(api.bareSingle).requestsPerSecond;
      // The route cannot be faster than the one query it runs: that ceiling, as the same ratio.
      const floor = api.queryFloor
        ? `; one select 1 alone: ${api.queryFloor.perSecond}/s = ${Math.round((api.queryFloor.perSecond / bare) * 100) / 100} × bare`
        : '';
      return {
        measured: `${status.singleRpsVsBare} (${status.single.requestsPerSecond} vs ${bare} req/s${floor})`,
        pass: status.singleRpsVsBare >= 0.3,
      };
    },
  },
  {
    id: 'web.album-scroll',
    figure: 'Scrolling a 1,000-photo album in Chromium: frames longer than 16.7 ms (60 fps)',
    limit: '≤ 5 %, p95 ≤ 16.7 ms',
    command: 'npm run bench -- --only=web',
    evaluate: ({ groups: { web } }) => {
      const shipped = web?.albumScroll?.runs[0];
      if (!web?.albumScroll || !shipped) return null;
      return {
        measured: `${shipped.slowFramesPct} % (median ${shipped.medianFrameMs} ms, p95 ${shipped.p95FrameMs} ms, ${web.albumScroll.photos} photos)`,
        pass: shipped.slowFramesPct <= 5 && shipped.p95FrameMs <= 1000 / 60 + 0.5,
      };
    },
  },
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
    id: 'cold.import',
    figure: 'Cold start: a fresh process importing each handler bundle ÷ one importing an empty module',
    limit: `≤ ${COLD_IMPORT_LIMIT} for every handler`,
    command: 'npm run bench -- --only=cold-start',
    evaluate: ({ groups: { coldStart } }) => {
      const handlers = coldStart?.handlers ?? [];
      if (handlers.length === 0) return null;
      const over = handlers
        .filter((handler) => handler.importVsBaseline > COLD_IMPORT_LIMIT)
        .sort((a, b) => b.importVsBaseline - a.importVsBaseline);
      const worst = over.map((handler) => `${handler.name} ${handler.importVsBaseline}`).join(', ');
      return {
        measured: over.length === 0 ? 'all within' : `${over.length} of ${handlers.length} over: ${worst}`,
        pass: over.length === 0,
      };
    },
  },
];

const offlineScore = (results: Results) =>
  results.groups.albums?.organizers.find((entry) => entry.name === 'offline organizer');

/** GET /api/search's p99 at concurrency 1 over the query mix, at 10,000 photos (issue 18). */
export const SEARCH_SINGLE_P99_LIMIT_MS = 50;

/** The search budgets (issue 18), on the 10,000-photo library of bench/groups/search-library.ts. */
const SEARCH_BUDGETS: Budget[] = [
  {
    id: 'search.single-p99',
    figure: 'GET /api/search at 10,000 photos, a mix of 14 queries: p99 at concurrency 1 (all answers 200)',
    limit: `≤ ${SEARCH_SINGLE_P99_LIMIT_MS} ms`,
    command: 'npm run bench -- --only=search',
    evaluate: ({ groups: { search } }) =>
      search
        ? {
            measured: `${search.p99Ms} ms (p50 ${search.p50Ms}; the repository alone p99 ${search.repositoryP99Ms})${search.failed ? ` (${search.failed} failed)` : ''}`,
            pass: search.p99Ms <= SEARCH_SINGLE_P99_LIMIT_MS && search.failed === 0,
          }
        : null,
  },
  {
    id: 'search.queries',
    figure:
      'GET /api/search SQL statements per request, every query of the mix (page 2 included): the albums’ words, then the page',
    limit: '≤ 2 (the same at any library size)',
    command: 'npm run bench -- --only=search',
    evaluate: ({ groups: { search } }) => {
      if (!search) return null;
      const counts = search.mix.map((entry) => entry.queriesPerRequest);
      return {
        measured: `${Math.min(...counts)}–${Math.max(...counts)} (1 without words, 2 with)`,
        pass: counts.every((count) => count >= 1 && count <= 2),
      };
    },
  },
];

/** The album-quality budgets (issue #14), on the labelled roll of bench/groups/albums.ts. */
const ALBUM_BUDGETS: Budget[] = [
  {
    id: 'albums.f1',
    figure: 'Offline organizer on the labelled roll: pairwise F1 against the labels',
    limit: '≥ 0.85',
    command: 'npm run bench -- --only=albums',
    evaluate: (results) => {
      const score = offlineScore(results);
      return score
        ? {
            measured: `${score.f1} (precision ${score.precision}, recall ${score.recall})`,
            pass: score.f1 >= 0.85,
          }
        : null;
    },
  },
  {
    id: 'albums.ari',
    figure: 'Offline organizer on the labelled roll: adjusted Rand index',
    limit: '≥ 0.8',
    command: 'npm run bench -- --only=albums',
    evaluate: (results) => {
      const score = offlineScore(results);
      return score ? { measured: String(score.ari), pass: score.ari >= 0.8 } : null;
    },
  },
  {
    id: 'albums.vs-36h',
    figure: 'Offline organizer F1 ÷ the LibrePhotos rule’s (a new event after 36 hours), same roll',
    limit: '≥ 1.3',
    command: 'npm run bench -- --only=albums',
    evaluate: (results) => {
      const score = offlineScore(results);
      const rule = results.groups.albums?.organizers.find((entry) => entry.name.startsWith('LibrePhotos'));
      if (!score || !rule) return null;
      const ratio = Math.round((score.f1 / rule.f1) * 100) / 100;
      return { measured: `${ratio} (${score.f1} vs ${rule.f1})`, pass: ratio >= 1.3 };
    },
  },
  {
    id: 'albums.singletons',
    figure: 'One-photo albums whose photo has a labelled group of two or more',
    limit: '0',
    command: 'npm run bench -- --only=albums',
    evaluate: (results) => {
      const score = offlineScore(results);
      return score
        ? { measured: String(score.needlessSingletons), pass: score.needlessSingletons === 0 }
        : null;
    },
  },
  {
    id: 'content.faces',
    figure:
      'Content analysis at ingest (faces: detector, landmarks, descriptors), per photo on one core, median',
    limit: '≤ 300 ms',
    command: 'npm run bench -- --only=content',
    evaluate: ({ groups: { content } }) =>
      content
        ? {
            measured: `${content.facesMedianMs} ms over ${content.photos} photos (p90 ${content.facesP90Ms} ms; ${content.facesWithFacesMedianMs} ms on the ${content.photosWithFaces} with faces)`,
            pass: content.facesMedianMs <= 300,
          }
        : null,
  },
  {
    id: 'content.memory',
    figure: 'Content analysis: peak RSS of a fresh process reading every photo (analyzer and faces)',
    limit: '≤ 1 GiB',
    command: 'npm run bench -- --only=content',
    evaluate: ({ groups: { content } }) =>
      content ? { measured: `${content.maxRssMb} MiB`, pass: content.maxRssMb <= 1024 } : null,
  },
  {
    id: 'albums.plan-500',
    figure: 'Offline planning of 500 photos (median)',
    limit: '≤ 1 s',
    command: 'npm run bench -- --only=albums',
    evaluate: ({ groups: { albums } }) =>
      albums ? { measured: `${albums.planning500Ms} ms`, pass: albums.planning500Ms <= 1000 } : null,
  },
];

export function evaluateBudgets(results: Results): BudgetOutcome[] {
  return [...BUDGETS, ...SEARCH_BUDGETS, ...ALBUM_BUDGETS].map((budget) => {
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
