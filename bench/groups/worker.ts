/**
 * Worker pipeline and model economy. Each job runs the real worker (worker-child.ts) in a fresh
 * process against embedded PostgreSQL, s3rver and the fake Gemini server, which answers at once
 * (model latency zero) and records the request, so one run yields both the pipeline's time and
 * memory and exactly what the model was sent.
 */
import { randomUUID } from 'node:crypto';
import { ingestDependencies } from '../../lambdas/composition/ingest.ts';
import { organizerConfig, workerConfig } from '../../lambdas/config.ts';
import { ingestPhoto } from '../../lambdas/core/use-cases/ingest-photo.ts';
import { INGEST_BATCH_SIZE, INGEST_MEMORY_MB } from '../../lib/constructs/ingest.ts';
import { startFakeGemini } from '../../test/fakes/fake-gemini-server.ts';
import type { Figures, ModelFigures, WorkerFigures, WorkerRunFigures } from '../results.ts';
import { analyzerThroughput, calibrateAnalyzer } from '../support/calibration.ts';
import { spawnChild } from '../support/child.ts';
import type { BenchContext } from '../support/context.ts';
import { type Infra, startInfra } from '../support/infra.ts';
import { PhaseClock, type PhaseSummary } from '../support/phases.ts';
import { type PhotoCorpus, photoCorpus } from '../support/photos.ts';
import { createJob, newPhotos, recordUploads } from '../support/seed.ts';
import { mapLimited, median, round } from '../support/stats.ts';
import { costPer1000Photos, type JobRequestStats, jobRequestStats, PRICING } from './economy.ts';
import type { IngestRunResult } from './ingest-child.ts';
import { timedAnalyzer, timedPhotos, timedPlaces, timedStorage } from './timed-ports.ts';
import type { WorkerRunResult } from './worker-child.ts';

const WORKER_CHILD = new URL('./worker-child.ts', import.meta.url);
const INGEST_CHILD = new URL('./ingest-child.ts', import.meta.url);
/** Photos read at once before a job, as ingest reads them on this machine: one per core. */
const INGEST_CONCURRENCY = 2;
/** The worker Lambda's configured memory (the stack's setting, as briefed). */
const WORKER_LAMBDA_MEMORY_MB = 2048;

interface Sample {
  result: WorkerRunResult;
  stats: JobRequestStats;
  originalSizes: number[];
  /** Reading every photo as it landed (ingest), before the job. */
  ingestMs: number;
  ingestPhases: Record<string, PhaseSummary>;
}

export async function runWorkerGroup(
  ctx: BenchContext,
): Promise<{ model: Figures<ModelFigures>; worker: Figures<WorkerFigures> }> {
  ctx.log('rendering the 12 MP scenes');
  const corpus = await photoCorpus();
  const pixels = `${corpus.width}×${corpus.height}`;
  const calibrationMs = await calibrateAnalyzer(corpus, ctx.quick ? 3 : 7);
  ctx.log(`calibration: sharp analyzer alone, one 12 MP photo: ${calibrationMs.toFixed(0)} ms`);
  // Ingest reads two photos at a time (one per core); the analyzer alone, the same way on the same photos.
  const analyzerPerCore = (await analyzerThroughput(corpus, 100, INGEST_CONCURRENCY)) / INGEST_CONCURRENCY;
  ctx.log(
    `sharp analyzer alone, 100 photos ${INGEST_CONCURRENCY} at a time: ${analyzerPerCore.toFixed(2)} photos/s per core`,
  );

  const infra = await startInfra();
  const gemini = await startFakeGemini();
  try {
    const childEnv = {
      ...infra.env,
      ORGANIZER: 'gemini',
      GEMINI_API_KEY: 'bench-not-a-real-key',
      GEMINI_BASE_URL: gemini.url,
      // One connection per worker, as in Lambda behind RDS Proxy.
      DATABASE_MAX_CONNECTIONS: '1',
    };
    const runJob = async (source: PhotoCorpus, photos: number, label: string): Promise<Sample> => {
      const job = await prepareJob(infra, source, photos, label);
      gemini.reset();
      const child = spawnChild(WORKER_CHILD);
      try {
        const result = await child.call<WorkerRunResult>('run', { env: childEnv, jobId: job.jobId });
        if (result.outcome !== 'completed') throw new Error(`worker job ended ${result.outcome}`);
        const stats = jobRequestStats(gemini.requests);
        return {
          result,
          stats,
          originalSizes: job.sizes,
          ingestMs: job.ingestMs,
          ingestPhases: job.ingestPhases,
        };
      } finally {
        gemini.reset(); // the recorded request holds every image: let it go
        await child.stop();
      }
    };

    const plan = ctx.quick
      ? [
          { photos: 10, repetitions: 1 },
          { photos: 100, repetitions: 1 },
        ]
      : [
          // 50 and 500: Organize must no longer grow with decoding (ratio budget).
          { photos: 50, repetitions: 3 },
          { photos: 100, repetitions: 3 },
          { photos: 500, repetitions: 1 },
        ];
    const runs: WorkerRunFigures[] = [];
    const samplesBySize = new Map<number, Sample[]>();
    for (const step of plan) {
      const samples: Sample[] = [];
      for (let repetition = 0; repetition < step.repetitions; repetition++) {
        const sample = await runJob(corpus, step.photos, `${step.photos}-${repetition}`);
        ctx.log(
          `ingest ${step.photos} × 12 MP (${INGEST_CONCURRENCY} at a time): ${(sample.ingestMs / 1000).toFixed(1)} s, ` +
            `${(step.photos / (sample.ingestMs / 1000) / INGEST_CONCURRENCY).toFixed(2)} photos/s per core ` +
            `(analyzer alone: ${analyzerPerCore.toFixed(2)}); ` +
            `organize: ${(sample.result.wallMs / 1000).toFixed(2)} s, ` +
            `RSS during the job ${sample.result.memory.peakRssDuringJobMb.toFixed(0)} MiB ` +
            `(process maxRSS ${sample.result.memory.maxRssMb.toFixed(0)} MiB, imports included)`,
        );
        samples.push(sample);
      }
      samplesBySize.set(step.photos, samples);
      runs.push(summarize(step.photos, pixels, samples, calibrationMs));
    }

    const ingestBatch = await measureIngestBatches(ctx, infra, corpus, childEnv, false);
    const ingestBatchWithPeople = await measureIngestBatches(ctx, infra, corpus, childEnv, true);

    // The quick pass still checks the one-call budget at 500 photos, on 1 MP photos to save a minute.
    let economy500 = samplesBySize.get(500)?.[0];
    let economyPixels = pixels;
    if (!economy500) {
      const small = await photoCorpus({ width: 1200, height: 900, scenes: 3 });
      economyPixels = `${small.width}×${small.height}`;
      economy500 = await runJob(small, 500, 'economy-500');
      ctx.log(`model economy: 500 × ${economyPixels} job, ${economy500.stats.calls} call(s)`);
    }
    const bytesSample = samplesBySize.get(100)?.[0] as Sample;
    const imageBytes = bytesSample.stats.imageBytes;
    const originalMedian = median(bytesSample.originalSizes);
    const cost = costPer1000Photos(economy500.stats, 500);
    const maxOutputTokensBySize: Record<string, number | null> = {};
    for (const [size, samples] of samplesBySize)
      maxOutputTokensBySize[size] = samples[0]?.stats.maxOutputTokens ?? null;
    maxOutputTokensBySize[500] = economy500.stats.maxOutputTokens;

    return {
      model: {
        photosPerJob: 500,
        photoPixels: economyPixels,
        callsPerJob: economy500.stats.calls,
        mediaResolution: economy500.stats.mediaResolution,
        imageTokensPerPhoto: economy500.stats.imageTokensPerPhoto,
        maxOutputTokens: economy500.stats.maxOutputTokens,
        maxOutputTokensBySize,
        imageBytesPerPhoto: {
          median: Math.round(median(imageBytes)),
          min: Math.min(...imageBytes),
          max: Math.max(...imageBytes),
          photos: imageBytes.length,
          photoPixels: pixels,
        },
        originalBytesMedian: Math.round(originalMedian),
        ratioToOriginal: round(median(imageBytes) / originalMedian, 4),
        textCharsPerJob: economy500.stats.textChars,
        requestBodyBytes: economy500.stats.requestBodyBytes,
        defaultModel: organizerConfig({}).GEMINI_MODEL,
        cost: {
          ...cost,
          inputUsd: round(cost.inputUsd, 4),
          outputUsdAtCap: round(cost.outputUsdAtCap, 4),
          totalUsdUpperBound: round(cost.totalUsdUpperBound, 4),
          inputUsdPerMTok: PRICING.inputUsdPerMTok,
          outputUsdPerMTok: PRICING.outputUsdPerMTok,
          checked: PRICING.checked,
          sources: PRICING.sources,
        },
      },
      worker: {
        calibrationMs: round(calibrationMs, 1),
        analyzerPhotosPerSecondPerCore: round(analyzerPerCore, 2),
        imageConcurrency: workerConfig({}).IMAGE_CONCURRENCY,
        lambdaMemoryMb: WORKER_LAMBDA_MEMORY_MB,
        runs,
        ingestBatch,
        ingestBatchWithPeople,
      },
    };
  } finally {
    await gemini.stop();
    await infra.stop();
  }
}

/**
 * Uploads `count` photos for a new user, records them as the API would, reads them as ingest does when
 * they land (two at a time: one per core), and creates a pending job. What the worker then measures is
 * Organize for photos already uploaded.
 */
async function prepareJob(
  infra: Infra,
  corpus: PhotoCorpus,
  count: number,
  label: string,
): Promise<{ jobId: string; sizes: number[]; ingestMs: number; ingestPhases: Record<string, PhaseSummary> }> {
  const { user, photos, sizes } = await uploadPhotos(infra, corpus, count, label);
  const real = ingestDependencies(infra.env, infra.http);
  // Timed like the worker's ports, to show where ingest's time goes beside the analyzer's.
  const clock = new PhaseClock();
  const ingest = {
    photos: timedPhotos(real.photos, clock),
    storage: timedStorage(real.storage, clock),
    analyzer: timedAnalyzer(real.analyzer, clock),
    places: timedPlaces(real.places, clock),
    settings: real.settings,
    people: real.people,
    faces: real.faces,
    logger: real.logger,
    progress: real.progress,
  };
  const started = performance.now();
  await mapLimited(photos, INGEST_CONCURRENCY, async (photo) => {
    const outcome = await ingestPhoto(ingest, photo.key);
    if (outcome !== 'analyzed') throw new Error(`ingest of ${photo.key} ended ${outcome}`);
  });
  const ingestMs = performance.now() - started;
  return {
    jobId: await createJob(infra.http, user.id, photos),
    sizes,
    ingestMs,
    ingestPhases: clock.summary(),
  };
}

/** Uploads `count` photos for a new user and records them as the API would; nothing reads them yet. */
async function uploadPhotos(infra: Infra, corpus: PhotoCorpus, count: number, label: string) {
  const user = await infra.http.users.ensure(`bench-worker-${label}-${randomUUID()}`);
  const photos = newPhotos(user.id, count);
  const sizes = await mapLimited(photos, 4, async (photo) => {
    const bytes = await corpus.photo(photo.index, count);
    await infra.http.storage.put(photo.key, bytes, 'image/jpeg');
    return bytes.length;
  });
  await recordUploads(
    infra.http,
    user.id,
    photos.map((photo) => ({
      ...photo,
      name: `IMG_${String(photo.index).padStart(4, '0')}.jpg`,
      size: sizes[photo.index] as number,
    })),
  );
  return { user, photos, sizes };
}

/**
 * The ingest handler on one SQS batch (the stack's batch size) of photos just uploaded, each time in a
 * fresh process as a cold ingest Lambda: how long the batch takes and the memory it needs.
 */
async function measureIngestBatches(
  ctx: BenchContext,
  infra: Infra,
  corpus: PhotoCorpus,
  env: Record<string, string | undefined>,
  peopleRecognition: boolean,
): Promise<NonNullable<WorkerFigures['ingestBatch']>> {
  const results: IngestRunResult[] = [];
  const repetitions = ctx.quick ? 1 : 3;
  for (let repetition = 0; repetition < repetitions; repetition++) {
    const { user, photos } = await uploadPhotos(infra, corpus, INGEST_BATCH_SIZE, `ingest-${repetition}`);
    // On, every photo is also read for faces (the models load on the first).
    if (peopleRecognition) await infra.http.settings.update(user.id, { peopleRecognition: true });
    const child = spawnChild(INGEST_CHILD);
    try {
      const result = await child.call<IngestRunResult>('run', {
        env,
        bucket: env.UPLOADS_BUCKET,
        keys: photos.map((photo) => photo.key),
      });
      if (result.failures > 0) throw new Error(`ingest batch: ${result.failures} photo(s) failed`);
      results.push(result);
    } finally {
      await child.stop();
    }
  }
  const peak = Math.max(...results.map((result) => result.peakRssDuringBatchMb));
  const figures = {
    photos: INGEST_BATCH_SIZE,
    repetitions,
    medianMs: round(median(results.map((result) => result.wallMs)), 0),
    rssBeforeMb: round(median(results.map((result) => result.rssBeforeMb)), 0),
    peakRssDuringBatchMb: round(peak, 0),
    maxRssMb: round(Math.max(...results.map((result) => result.maxRssMb)), 0),
    lambdaMemoryMb: INGEST_MEMORY_MB,
  };
  ctx.log(
    `ingest Lambda batch of ${figures.photos} × 12 MP${peopleRecognition ? ', people recognition on' : ''}, fresh process: ${figures.medianMs} ms, ` +
      `RSS ${figures.rssBeforeMb} → ${figures.peakRssDuringBatchMb} MiB (maxRSS ${figures.maxRssMb} MiB)`,
  );
  return figures;
}

function summarize(
  photos: number,
  pixels: string,
  samples: Sample[],
  calibrationMs: number,
): WorkerRunFigures {
  const byTime = [...samples].sort((a, b) => a.result.wallMs - b.result.wallMs);
  const middle = byTime[Math.floor((byTime.length - 1) / 2)] as Sample;
  const seconds = samples.map((sample) => round(sample.result.wallMs / 1000, 2));
  const medianSeconds = median(samples.map((sample) => sample.result.wallMs / 1000));
  const rounded = (summary: Record<string, PhaseSummary>): WorkerRunFigures['phases'] =>
    Object.fromEntries(
      Object.entries(summary).map(([name, phase]) => [
        name,
        { calls: phase.calls, totalMs: round(phase.totalMs, 0), busyMs: round(phase.busyMs, 0) },
      ]),
    );
  const phases = rounded(middle.result.phases);
  return {
    photos,
    photoPixels: pixels,
    repetitions: samples.length,
    seconds,
    medianSeconds: round(medianSeconds, 2),
    perPhotoMs: round((medianSeconds * 1000) / photos, 1),
    ratioToCalibration: round((medianSeconds * 1000) / (photos * calibrationMs), 2),
    peakRssMb: round(Math.max(...samples.map((sample) => sample.result.memory.maxRssMb)), 0),
    rssBeforeJobMb: round(middle.result.memory.rssBeforeJobMb, 0),
    peakRssDuringJobMb: round(
      Math.max(...samples.map((sample) => sample.result.memory.peakRssDuringJobMb)),
      0,
    ),
    ingestPhotosPerSecondPerCore: round(
      median(samples.map((sample) => photos / (sample.ingestMs / 1000) / INGEST_CONCURRENCY)),
      2,
    ),
    ingestPhases: rounded(middle.ingestPhases),
    peakHeapUsedMb: round(middle.result.memory.peakHeapUsedMb, 0),
    peakArrayBuffersMb: round(middle.result.memory.peakArrayBuffersMb, 0),
    phases,
  };
}
