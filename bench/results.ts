/** The shape of bench/results.json, what `npm run bench` writes and `npm run bench:check` reads. */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { AlbumScores } from './support/album-scores.ts';
import type { PhaseSummary } from './support/phases.ts';
import { median } from './support/stats.ts';

export const RESULTS_FILE = new URL('./results.json', import.meta.url);

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface GroupMeta {
  measuredAt: string;
  mode: 'full' | 'quick';
  seconds: number;
  /** Reproduces this group's figures. */
  command: string;
  machine: Machine;
}

/** What a group measures, without the metadata run.ts adds. */
export type Figures<T> = Omit<T, keyof GroupMeta>;

export interface ModelFigures extends GroupMeta {
  photosPerJob: number;
  photoPixels: string;
  callsPerJob: number;
  mediaResolution: string | null;
  imageTokensPerPhoto: number;
  maxOutputTokens: number | null;
  /** maxOutputTokens asked for per job size. */
  maxOutputTokensBySize: Record<string, number | null>;
  /** Decoded image bytes per photo, from the 100 × 12 MP jobs. */
  imageBytesPerPhoto: { median: number; min: number; max: number; photos: number; photoPixels: string };
  originalBytesMedian: number;
  /** Median over photos of (bytes sent to the model ÷ original file size). */
  ratioToOriginal: number;
  textCharsPerJob: number;
  requestBodyBytes: number;
  defaultModel: string;
  cost: {
    model: string;
    inputUsdPerMTok: number;
    outputUsdPerMTok: number;
    checked: string;
    sources: readonly string[];
    photosPerJob: number;
    jobs: number;
    inputTokens: number;
    outputTokensCap: number;
    inputUsd: number;
    outputUsdAtCap: number;
    totalUsdUpperBound: number;
  };
}

export interface WorkerRunFigures {
  photos: number;
  photoPixels: string;
  repetitions: number;
  seconds: number[];
  medianSeconds: number;
  perPhotoMs: number;
  /** Median seconds ÷ (photos × calibration): how far the job is from decoding alone, one at a time. */
  ratioToCalibration: number;
  /** Highest maxRSS over the repetitions. */
  peakRssMb: number;
  rssBeforeJobMb: number;
  /** Highest RSS sampled during the job (every 25 ms), over the repetitions: what the job itself needs. */
  peakRssDuringJobMb: number;
  /** Ingest before the job (two photos at a time, one per core), median run: photos per second per core. */
  ingestPhotosPerSecondPerCore: number;
  peakHeapUsedMb: number;
  peakArrayBuffersMb: number;
  /** Phases of the median run. */
  phases: Record<string, PhaseSummary>;
  /** Where reading the photos as they landed (ingest, before the job) spent its time (absent before 2026-12-02). */
  ingestPhases?: Record<string, PhaseSummary>;
}

export interface WorkerFigures extends GroupMeta {
  /** Baseline: median ms for the sharp analyzer alone on one 12 MP photo, measured in the same run. */
  calibrationMs: number;
  /**
   * The analyzer alone on the 100-photo job's photos, as many at a time as ingest reads (absent before
   * 2026-12-02): ingest's throughput is compared with it.
   */
  analyzerPhotosPerSecondPerCore?: number;
  imageConcurrency: number;
  lambdaMemoryMb: number;
  runs: WorkerRunFigures[];
  /**
   * The ingest handler on one SQS batch of 12 MP photos in a fresh process, as a cold ingest Lambda
   * runs it (absent before 2026-12-02). It sizes the ingest Lambda's memory.
   */
  ingestBatch?: {
    photos: number;
    repetitions: number;
    medianMs: number;
    rssBeforeMb: number;
    peakRssDuringBatchMb: number;
    maxRssMb: number;
    lambdaMemoryMb: number;
  };
  /** The same with the owner's people recognition on: faces read too (absent before issue #14's part 4). */
  ingestBatchWithPeople?: NonNullable<WorkerFigures['ingestBatch']>;
}

export interface LoadFigures {
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses by status code, when some were not 2xx. */
  statusCodes?: Record<string, number>;
}

export interface RouteLoadFigures extends LoadFigures {
  route: string;
  description: string;
  queriesPerRequest: number;
  p50VsBare: number;
  p99VsBare: number;
  rpsVsBare: number;
  /** The same route with one connection: one request at a time, as each Lambda instance serves. */
  single: LoadFigures;
  /** single's throughput ÷ the bare server's with one connection (absent before 2026-12-02). */
  singleRpsVsBare?: number;
}

/**
 * The baseline every API ratio is taken against: the medians of the bare node:http runs (before and
 * after the routes) of the same bench run.
 */
export function bareBaseline(
  runs: readonly LoadFigures[],
): Pick<LoadFigures, 'requestsPerSecond' | 'p50Ms' | 'p99Ms'> {
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
  };
}

export interface ApiFigures extends GroupMeta {
  connections: number;
  durationSeconds: number;
  /** A bare node:http server answering a small JSON body, before and after the routes. */
  bare: LoadFigures[];
  /** The same bare server with one connection, before and after the routes (absent before 2026-12-02). */
  bareSingle?: LoadFigures[];
  /** One `select 1` at a time through the API's pool, no HTTP around it (absent before 2026-12-02). */
  queryFloor?: { p50Ms: number; perSecond: number };
  routes: RouteLoadFigures[];
  galleryQueries: Array<{ photos: number; queries: number; status: number; bytes: number }>;
}

export interface HandlerFigures {
  name: string;
  kind: 'http' | 'sqs';
  bytes: number;
  gzipBytes: number;
  /** Same bundle with @aws-sdk/* left to the Lambda runtime (CDK's default, bundleAwsSDK: false). */
  bytesSdkExternal: number;
  /** Median time of `await import(bundle)` inside a fresh process. */
  importMs: number;
  importRunsMs: number[];
  /** Median wall time of the whole fresh process (Node start, import, exit). */
  processMs: number;
  /** processMs ÷ the same for an empty module: the cost over a hello-world function. */
  importVsBaseline: number;
  topPackages: Array<{ name: string; bytes: number }>;
}

export interface ColdStartFigures extends GroupMeta {
  assumption: string;
  /** Median wall time of a fresh process importing an empty module. */
  baselineImportMs: number;
  handlers: HandlerFigures[];
  /** The required packages alone, bundled the same way (absent in results older than 2026-11-24 05:30). */
  floors?: PackageFloor[];
}

export interface PackageFloor {
  name: string;
  usedBy: string;
  bytes: number;
}

export interface WebFigures extends GroupMeta {
  files: Array<{
    path: string;
    kind: 'html' | 'js' | 'css';
    /** false: loaded later, by import() when another screen opens. */
    firstPage: boolean;
    bytes: number;
    /** gzip -9, as a CDN compresses text. */
    gzipBytes: number;
    brotliBytes: number;
  }>;
  jsBytes: number;
  jsGzipBytes: number;
  cssBytes: number;
  cssGzipBytes: number;
  htmlGzipBytes: number;
  /** JavaScript that later screens load on demand. */
  lazyJsGzipBytes: number;
  external: string[];
  /** SHA-256 of 12 MP-sized photos in Chromium, as the upload screen hashes them (groups/web-hashing.ts). */
  hashing?: WebHashingFigures;
  /** Scrolling a 1,000-photo album in Chromium, frame by frame (groups/web-scroll.ts). */
  albumScroll?: WebScrollFigures;
}

/** One scroll of the album from top to bottom, timed by requestAnimationFrame. */
export interface WebScrollRun {
  label: string;
  frames: number;
  scrolledPx: number;
  medianFrameMs: number;
  p95FrameMs: number;
  longestFrameMs: number;
  /** Frames longer than a 60 Hz frame (16.7 ms, with 0.5 ms of timer slack), in %. */
  slowFramesPct: number;
  /** Thumbnails decoded by the end (lazy images load as they come near). */
  imagesLoaded: number;
}

export interface WebScrollFigures {
  photos: number;
  viewport: string;
  pxPerFrame: number;
  browser: string;
  /** As shipped first, then with content-visibility off for contrast. */
  runs: WebScrollRun[];
}

/** One way of hashing the files, and what the page's thread felt meanwhile. */
export interface WebHashingRun {
  totalMs: number;
  perFileMs: number;
  mbPerSecond: number;
  /** Tasks of 50 ms or more on the page's thread (the browser's long-task report). */
  longTasks: number;
  longestTaskMs: number;
  /** The longest gap between two ticks of a 5 ms timer on the page's thread: what a user would feel. */
  longestGapMs: number;
}

export interface WebHashingFigures {
  files: number;
  photoPixels: string;
  medianFileBytes: number;
  totalBytes: number;
  browser: string;
  /** web/js/file-hasher.js: the module worker, two files at a time (what the app does). */
  worker: WebHashingRun;
  /** The same pacing on the page's own thread, for contrast. */
  pageThread: WebHashingRun;
  /** The same files through the upload screen to the local app: hashing, URL requests, PUTs, ingest. */
  upload: Omit<WebHashingRun, 'longestGapMs'>;
  /** worker.totalMs ÷ upload.totalMs. */
  hashShareOfUpload: number;
}

/** One organizer's albums scored against the labelled roll (groups/albums.ts), rounded. */
export interface AlbumOrganizerScore extends AlbumScores {
  name: string;
}

/** Album quality on a labelled roll of real photos (groups/albums.ts). */
export interface AlbumFigures extends GroupMeta {
  source: string;
  photos: number;
  labelledGroups: number;
  /** The offline organizer first, then the baselines of the same run (and Gemini when asked). */
  organizers: AlbumOrganizerScore[];
  /** The offline organizer's album titles for the roll. */
  albumTitles: string[];
  /** Median time of the offline organizer planning 500 photos. */
  planning500Ms: number;
  /** The content roll (content-roll.ts): albums that depend on what photos show. */
  content?: ContentRollFigures;
}

/** Content analysis on one core (groups/content.ts). */
export interface ContentFigures extends GroupMeta {
  source: string;
  /** Photos timed (the first, which loads the models, is apart). */
  photos: number;
  photosWithFaces: number;
  facesFound: number;
  firstReadMs: number;
  /** The face reader (detector, landmarks, descriptors) on the model rendition, per photo. */
  facesMedianMs: number;
  facesP90Ms: number;
  facesWithFacesMedianMs: number;
  /** The analyzer (decode, renditions, EXIF, hashes and the look), per photo, for scale. */
  analyzeMedianMs: number;
  /** The process's peak RSS over every photo. */
  maxRssMb: number;
}

export interface ContentRollFigures {
  source: string;
  photos: number;
  labelledGroups: number;
  /** Faces the face reader found in the roll, and the people they were clustered into. */
  faces: number;
  people: number;
  /** The offline organizer with people and looks, without people, without content; then baselines. */
  organizers: AlbumOrganizerScore[];
  albumTitles: string[];
}

export interface E2eRunFigures {
  totalSeconds: number;
  phases: Record<string, number>;
  albums: number;
}

export interface E2eFigures extends GroupMeta {
  photos: number;
  photoPixels: string;
  runs: E2eRunFigures[];
  medianSeconds: number;
  /** Baseline: photos × the sharp analyzer alone on one photo, measured in the same run. */
  baselineSeconds: number;
  ratioToBaseline: number;
  /** One photo at a time with nothing queued: end of its PUT → its row read (absent before 2026-12-02). */
  ingestLatency?: { samples: number; p50Seconds: number; p90Seconds: number; runsSeconds: number[] };
  album: {
    photos: number;
    previewBytes: number;
    previewMedianBytes: number;
    /** What the album grid loads (absent before thumbnails, 2026-11-24 05:40: the grid loaded previews). */
    thumbnailBytes?: number;
    thumbnailMedianBytes?: number;
    originalBytes: number;
    /** Grid bytes (thumbnails, or previews in older results) over the originals' bytes. */
    ratioToOriginals: number;
  };
}

/** The model request on real photos (groups/model-request.ts). */
export interface ModelRequestFigures extends GroupMeta {
  source: string;
  photos: number;
  originalBytesMedian: number;
  modelImageBytes: { min: number; median: number; max: number };
  worstCaseModelImageBytes: number;
  photosPerJob: number;
  /** The JSON body of one photosPerJob job of the real photos, as the fake received it. */
  requestBytes: number;
  /** The same for a job of worst-case images (noise). */
  worstCaseRequestBytes: number;
  limitBytes: number;
  model: string;
  tokensPer1000Photos: { input: number; output: number };
  costPer1000PhotosUsd: number;
  /**
   * The same job answered with a realistic full answer (40 albums, every photo with a caption and
   * tags), as the fake bills it (~4 characters a token), and the output budget the planner asked for.
   */
  fullAnswer?: {
    chars: number;
    outputTokens: number;
    maxOutputTokens: number;
    cap: number;
    tokensPer1000Photos: { input: number; output: number };
    costPer1000PhotosUsd: number;
  };
  /** What showing the job the owner's existing albums (a line and a small cover each) adds to its request. */
  existingAlbums?: {
    offered: number;
    extraInputTokensPerAlbum: number;
    extraRequestBytesPerAlbum: number;
    /** The extra input of all `offered` albums, as a share of the job's input without them. */
    extraInputShare: number;
    extraCostPerJobUsd: number;
  };
  /** One album page designed by the model (issue #17): what one page call sends and costs. */
  page?: {
    /** Photos in the album measured; the call shows at most `imagesCap` of them. */
    albumPhotos: number;
    imagesSent: number;
    imagesCap: number;
    /** The JSON body of the call, as the fake received it. */
    requestBytes: number;
    /** As the fake bills them: images by media resolution, text at ~4 characters a token. */
    inputTokens: number;
    /** The fake's answer (a valid design); a real one is bounded by maxOutputTokens. */
    outputTokens: number;
    maxOutputTokens: number;
    costPerPageUsd: number;
    costPer1000PagesUsd: number;
    /** With every page's output at maxOutputTokens: the most 1,000 pages can cost (without a MAX_TOKENS retry). */
    costPer1000PagesBoundUsd: number;
    /** A design with every field at its PAGE_LIMITS length, at ~4 characters a token (no thinking). */
    fullDesignOutputTokens?: number;
    costPer1000FullPagesUsd?: number;
  };
}

/** GET /api/search over a 10,000-photo library at concurrency 1 (groups/search.ts). */
export interface SearchFigures extends GroupMeta {
  photos: number;
  albums: number;
  /** Times the whole mix was run, one request at a time. */
  rounds: number;
  requests: number;
  /** Answers other than 200. */
  failed: number;
  /** End to end over HTTP (local API Gateway, JWT check, handler, SQL, URL signing, JSON). */
  p50Ms: number;
  p99Ms: number;
  /** The repository alone, in the API's process: the database part of a request. */
  repositoryP50Ms: number;
  repositoryP99Ms: number;
  /** Bytes of the photos table and the indexes search reads. */
  sizes: Record<string, number>;
  /**
   * Measured in the same run, to tell the machine's load from search's cost: the library's first page
   * (GET /api/images?limit=100) interleaved with the mix, and one `select 1` through the API's pool.
   */
  control?: { libraryP50Ms: number; libraryP99Ms: number; selectOneP50Ms: number; selectOneP99Ms: number };
  mix: Array<{
    name: string;
    params: Record<string, string>;
    found: number;
    queriesPerRequest: number;
    p50Ms: number;
    p99Ms: number;
    repositoryP50Ms: number;
    repositoryP99Ms: number;
    /** PostgreSQL's own execution time for the statement (EXPLAIN ANALYZE), and its plan. */
    executionMs: number;
    plan: string;
  }>;
}

export interface Results {
  version: 1;
  updatedAt: string;
  groups: {
    model?: ModelFigures;
    modelRequest?: ModelRequestFigures;
    worker?: WorkerFigures;
    api?: ApiFigures;
    coldStart?: ColdStartFigures;
    web?: WebFigures;
    e2e?: E2eFigures;
    albums?: AlbumFigures;
    content?: ContentFigures;
    search?: SearchFigures;
  };
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round(totalmem() / 1e9),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

async function readResults(file: URL): Promise<Results | null> {
  return existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Results) : null;
}

export async function loadResults(): Promise<Results> {
  return (
    (await readResults(RESULTS_FILE)) ?? { version: 1, updatedAt: new Date(0).toISOString(), groups: {} }
  );
}

/**
 * The figures from before the fixes of the first bench run, kept so BENCHMARKS.md can show each
 * budgeted figure before and after. Replace it deliberately (copy results.json) when starting a new
 * round of performance work.
 */
export function loadBeforeResults(): Promise<Results | null> {
  return readResults(new URL('./results-before.json', import.meta.url));
}

export async function saveResults(results: Results): Promise<void> {
  await writeFile(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}
