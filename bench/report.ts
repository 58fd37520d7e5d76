/**
 * Renders BENCHMARKS.md: tables laid out from bench/results.json (the "Before" column from
 * bench/results-before.json), prose from bench/notes.md with the figures of `figures()` filled in.
 */

import { GEMINI_PRICES } from '../lambdas/composition/worker.ts';
import {
  API_SINGLE_P99_LIMIT_MS,
  type BudgetOutcome,
  evaluateBudgets,
  WORKER_MEMORY_HEADROOM,
} from './budgets.ts';
import {
  type ApiFigures,
  bareBaseline,
  type ColdStartFigures,
  type GroupMeta,
  type LoadFigures,
  type ModelRequestFigures,
  type Results,
  type RouteLoadFigures,
  type WorkerRunFigures,
} from './results.ts';
import { loadNotes, type Notes, type Values } from './support/notes.ts';
import { kb, mb, sum } from './support/stats.ts';

const usd = (value: number) => `$${value.toFixed(4)}`;
const stamp = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
/** A markdown table; `head` names the columns, separated by ' | '. */
const table = (head: string, rows: Array<Array<string | number>>) => {
  const names = head.split(' | ');
  return [row(names), row(names.map(() => '---')), ...rows.map(row)].join('\n');
};

export function renderReport(results: Results, before: Results | null = null, notes = loadNotes()): string {
  const outcomes = evaluateBudgets(results);
  const values = figures(results, before, outcomes);
  const note = (key: string, extra: Values = {}) => notes.render(key, { ...values, ...extra });
  /** A group's notes, or how to measure it. */
  function section<G extends GroupMeta>(
    key: string,
    group: G | undefined,
    only: string,
    parts: (group: G, measured: string) => Array<string | false>,
  ): string {
    if (!group) return `${notes.title(key)}\n\nNot measured yet: \`npm run bench -- --only=${only}\`.`;
    return parts(group, measuredBy(group)).filter(Boolean).join('\n\n');
  }
  const { model, modelRequest, worker, api, coldStart, web, e2e, albums, content, search } = results.groups;
  const scoreTable = (organizers: NonNullable<typeof albums>['organizers']) =>
    table(
      'Organizer | Pairwise precision | Recall | F1 | Adjusted Rand index | Albums | Needless one-photo albums',
      organizers.map((entry) => [
        entry.name,
        entry.precision,
        entry.recall,
        `**${entry.f1}**`,
        entry.ari,
        entry.albums,
        entry.needlessSingletons,
      ]),
    );
  const findings = [
    api?.routes.some((route) => route.route === 'gallery') && note('finding:gallery'),
    e2e?.album.thumbnailBytes !== undefined && note('finding:thumbnails'),
    worker?.runs.some((run) => run.photos === 100) && note('finding:worker'),
    coldStart?.handlers.some((handler) => handler.name === 'sqs/process-job') &&
      note('finding:worker-bundle'),
  ].filter((item) => item !== false && item !== undefined);
  const parts = [
    note('header'),
    note('budgets', { table: budgetTable(outcomes, before) }),
    misses(outcomes, notes, values),
    note('retired'),
    section('model', model, 'worker', (m, measured) => [note('model', { measured, table: modelTable(m) })]),
    section('model-request', modelRequest, 'model-request', (r, measured) => [
      note('model-request', { measured, table: modelRequestTable(r), ...modelRequestValues(r) }),
    ]),
    section('worker', worker, 'worker', (w, measured) => {
      const hundred = w.runs.find((run) => run.photos === 100);
      return [
        note('worker', { measured, table: workerTable(w.runs) }),
        hundred !== undefined && note('worker.phases', { table: phaseTable(hundred) }),
      ];
    }),
    section('api', api, 'api', (a, measured) => [note('api', { measured, ...apiTables(a) })]),
    section('cold-start', coldStart, 'cold-start', (c, measured) => [
      note('cold-start', { measured, table: coldStartTable(c) }),
      c.floors !== undefined &&
        note('cold-start.floors', {
          table: table(
            'Packages | Needed by | Minified',
            c.floors.map((floor) => [floor.name, floor.usedBy, kb(floor.bytes)]),
          ),
        }),
    ]),
    section('web', web, 'web', (w, measured) => [
      note('web', {
        measured,
        table: table(
          'File | Kind | Loaded | Raw | gzip | brotli',
          w.files.map((file) => [
            file.path,
            file.kind,
            file.firstPage ? 'first page' : 'later (import())',
            kb(file.bytes),
            kb(file.gzipBytes),
            kb(file.brotliBytes),
          ]),
        ),
      }),
      w.hashing !== undefined &&
        note('web.hashing', {
          table: table(
            'How | Total | Per file | Throughput | Long tasks (≥ 50 ms) | Longest task | Longest timer gap',
            [
              ['Module worker, 2 at a time (the app)', w.hashing.worker],
              ["Page's own thread, 2 at a time", w.hashing.pageThread],
            ].map(([how, run]) => {
              const r = run as NonNullable<typeof w.hashing>['worker'];
              return [
                how as string,
                `${r.totalMs} ms`,
                `${r.perFileMs} ms`,
                `${r.mbPerSecond} MB/s`,
                r.longTasks,
                `${r.longestTaskMs} ms`,
                `${r.longestGapMs} ms`,
              ];
            }),
          ),
        }),
      w.albumScroll !== undefined &&
        note('web.scroll', {
          table: table(
            'Run | Frames | Median frame | p95 frame | Longest | Frames over 16.7 ms | Thumbnails loaded',
            w.albumScroll.runs.map((run) => [
              run.label,
              run.frames,
              `${run.medianFrameMs} ms`,
              `${run.p95FrameMs} ms`,
              `${run.longestFrameMs} ms`,
              `${run.slowFramesPct} %`,
              run.imagesLoaded,
            ]),
          ),
        }),
    ]),
    section('e2e', e2e, 'e2e', (e, measured) => {
      const phases = Object.keys(e.runs[0]?.phases ?? {});
      return [
        note('e2e', {
          measured,
          table: table(
            ['Run', 'Total', ...phases, 'Albums'].join(' | '),
            e.runs.map((run, index) => [
              index + 1,
              `${run.totalSeconds} s`,
              ...phases.map((phase) => `${run.phases[phase]} s`),
              run.albums,
            ]),
          ),
        }),
        e.album.thumbnailBytes !== undefined && note('e2e.album'),
      ];
    }),
    section('albums', albums, 'albums', (a, measured) => [
      note('albums', {
        measured,
        source: a.source,
        photos: String(a.photos),
        groups: String(a.labelledGroups),
        titles: a.albumTitles.map((title) => `“${title}”`).join(', '),
        table: scoreTable(a.organizers),
      }),
      a.content !== undefined &&
        note('albums.content', {
          source: a.content.source,
          photos: String(a.content.photos),
          groups: String(a.content.labelledGroups),
          faces: String(a.content.faces),
          people: String(a.content.people),
          titles: a.content.albumTitles.map((title) => `“${title}”`).join(', '),
          table: scoreTable(a.content.organizers),
        }),
    ]),
    section('content', content, 'content', (c, measured) => [
      note('content', {
        measured,
        source: c.source,
        photos: String(c.photos),
        withFaces: String(c.photosWithFaces),
        faces: String(c.facesFound),
        table: table('Figure | Value', [
          ['Face reading per photo, median (p90)', `**${c.facesMedianMs} ms** (${c.facesP90Ms} ms)`],
          [`… on the ${c.photosWithFaces} photos with faces, median`, `${c.facesWithFacesMedianMs} ms`],
          ['First read (loads the three models, starts TensorFlow.js)', `${c.firstReadMs} ms`],
          [
            'Analyzer per photo (decode, renditions, EXIF, hashes, look), median, for scale',
            `${c.analyzeMedianMs} ms`,
          ],
          ['Peak RSS of the process over every photo', `**${c.maxRssMb} MiB**`],
        ]),
      }),
    ]),
    section('search', search, 'search', (g, measured) => [
      note('search', {
        measured,
        photos: g.photos.toLocaleString('en'),
        albums: g.albums,
        rounds: g.rounds,
        requests: g.requests,
        indexes: ['images', 'images_search_idx', 'images_owner_timeline_idx', 'albums_search_idx']
          .map((name) => `${name} ${mb(g.sizes[name] ?? 0)}`)
          .join(', '),
        table: table(
          'Query | Parameters | Found (page of 100) | HTTP p50 | HTTP p99 | Repository p50 | Repository p99 | PostgreSQL execution | SQL statements',
          g.mix.map((entry) => [
            entry.name,
            `\`${new URLSearchParams(entry.params).toString().replaceAll('%E2%80%99', '’')}\``,
            entry.found,
            `${entry.p50Ms} ms`,
            `${entry.p99Ms} ms`,
            `${entry.repositoryP50Ms} ms`,
            `${entry.repositoryP99Ms} ms`,
            `${entry.executionMs} ms`,
            entry.queriesPerRequest,
          ]),
        ),
        total: table('Figure | p50 | p99', [
          ['GET /api/search over HTTP, the whole mix', `${g.p50Ms} ms`, `**${g.p99Ms} ms**`],
          ['The repository alone (the database part)', `${g.repositoryP50Ms} ms`, `${g.repositoryP99Ms} ms`],
          ...(g.control
            ? [
                [
                  'Control, same run: GET /api/images?limit=100 (the library’s first page)',
                  `${g.control.libraryP50Ms} ms`,
                  `${g.control.libraryP99Ms} ms`,
                ],
                [
                  'Control, same run: one `select 1` through the API’s pool',
                  `${g.control.selectOneP50Ms} ms`,
                  `${g.control.selectOneP99Ms} ms`,
                ],
              ]
            : []),
        ]),
      }),
    ]),
    findings.length > 0 && `${note('findings')}\n\n${findings.map((item) => `- ${item}`).join('\n')}`,
    note('method'),
  ];
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

function measuredBy(meta: GroupMeta): string {
  const m = meta.machine;
  return (
    `_Measured ${stamp(meta.measuredAt)} UTC (${meta.mode} mode, ${meta.seconds} s) on ` +
    `${m.cores} × ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}. Reproduce: \`${meta.command.replace(' --quick', '')}\`._`
  );
}

/** Each missed budget's note. */
function misses(outcomes: BudgetOutcome[], notes: Notes, values: Values): string {
  const missed = outcomes.filter((outcome) => outcome.status === 'miss');
  if (missed.length === 0) return `${notes.render('misses', values)}\n\nNone: every budget is met.`;
  const explain = (id: string) =>
    notes.has(`miss:${id}`)
      ? notes.render(`miss:${id}`, values)
      : 'No analysis written for this budget yet: see the figures above.';
  return [
    notes.render('misses', values),
    ...missed.map(
      (outcome) =>
        `### ${outcome.figure}: ${outcome.measured} (budget ${outcome.limit})\n\n${explain(outcome.id)}`,
    ),
  ].join('\n\n');
}

/** Every figure the notes may name. */
function figures(results: Results, before: Results | null, outcomes: BudgetOutcome[]): Values {
  const { model, worker, api, coldStart, web, e2e } = results.groups;
  const missed = outcomes.filter((outcome) => outcome.status !== 'pass').length;
  // The worker group measures model and worker figures in one run: count its time once.
  const groupSeconds = new Map(Object.values(results.groups).map((group) => [group.command, group.seconds]));
  const values: Values = {
    updated: stamp(results.updatedAt),
    'bench.minutes': Math.round(sum([...groupSeconds.values()]) / 60),
    'budgets.missed': missed === 0 ? 'none' : missed,
    'before.date': before?.updatedAt.slice(0, 10) ?? '—',
    ...apiFigures('', api, api),
    ...apiFigures('before.', before?.groups.api, api),
    ...coldStartFigures(coldStart),
    'model.requestMb': model ? (model.requestBodyBytes / 1e6).toFixed(0) : '—',
  };
  if (model) {
    const c = model.cost;
    Object.assign(values, {
      'model.default': model.defaultModel,
      'cost.jobs': c.jobs,
      'cost.photosPerJob': c.photosPerJob,
      'cost.model': c.model,
      'cost.otherModel': c.model === model.defaultModel ? '' : ' — ⚠️ prices are for another model',
      'cost.inputTokens': c.inputTokens.toLocaleString('en'),
      'cost.inputPrice': c.inputUsdPerMTok,
      'cost.input': usd(c.inputUsd),
      'cost.outputTokens': c.outputTokensCap.toLocaleString('en'),
      'cost.outputPrice': c.outputUsdPerMTok,
      'cost.output': usd(c.outputUsdAtCap),
      'cost.total': usd(c.totalUsdUpperBound),
      'cost.perPhoto': usd(c.totalUsdUpperBound / 1000),
      'cost.checked': c.checked,
      'cost.sources': c.sources.map((source) => `- ${source}`).join('\n'),
    });
  }
  if (worker) {
    const hundred = worker.runs.find((run) => run.photos === 100);
    const decode = hundred?.phases['decode/resize'];
    Object.assign(values, {
      'worker.imageConcurrency': worker.imageConcurrency,
      'worker.photoPixels': worker.runs[0]?.photoPixels ?? '',
      'worker.calibrationMs': worker.calibrationMs,
      'worker.perPhoto': worker.runs.map((run) => `${run.photos}: ${run.perPhotoMs} ms`).join(' → '),
      'worker.lambdaMemoryMb': worker.lambdaMemoryMb,
      'worker.memoryBudget': `${WORKER_MEMORY_HEADROOM * 100} %, ${worker.lambdaMemoryMb * WORKER_MEMORY_HEADROOM} MiB`,
      'worker.100.seconds': hundred?.medianSeconds ?? '—',
      'worker.decodeShare':
        hundred && decode ? Math.round((decode.busyMs / (hundred.medianSeconds * 1000)) * 100) : '—',
    });
    // The figures the misses' notes name: the 500-photo Organize and where ingest's time went.
    const busy = (
      run: WorkerRunFigures | undefined,
      phase: string,
      from: 'phases' | 'ingestPhases' = 'phases',
    ) => {
      const found = run?.[from]?.[phase];
      return found ? (found.busyMs / 1000).toFixed(2) : '—';
    };
    const largest = worker.runs.find((run) => run.photos === 500);
    const smallest = worker.runs.find((run) => run.photos === 50);
    Object.assign(values, {
      'worker.500.seconds': largest?.medianSeconds ?? '—',
      'worker.50.seconds': smallest?.medianSeconds ?? '—',
      'worker.500.reads': busy(largest, 'storage reads'),
      'worker.500.tags': busy(largest, 'tag originals kept'),
      'worker.500.model': busy(largest, 'model call'),
      'worker.500.rssBefore': largest?.rssBeforeJobMb ?? '—',
      'worker.500.rss': largest?.peakRssDuringJobMb ?? '—',
      'worker.500.heap': largest?.peakHeapUsedMb ?? '—',
      'worker.500.arrayBuffers': largest?.peakArrayBuffersMb ?? '—',
      'ingest.decode': busy(hundred, 'decode/resize', 'ingestPhases'),
      'ingest.reads': busy(hundred, 'storage reads', 'ingestPhases'),
      'ingest.writes': busy(hundred, 'rendition writes', 'ingestPhases'),
      'ingest.batch.rss': worker.ingestBatch?.peakRssDuringBatchMb ?? '—',
      'ingest.batch.ms': worker.ingestBatch?.medianMs ?? '—',
    });
  }
  if (web) {
    Object.assign(values, {
      'web.js': kb(web.jsBytes),
      'web.js.gzip': kb(web.jsGzipBytes),
      'web.css': kb(web.cssBytes),
      'web.css.gzip': kb(web.cssGzipBytes),
      'web.html.gzip': kb(web.htmlGzipBytes),
      'web.lazyJs.gzip': kb(web.lazyJsGzipBytes),
      'web.external':
        web.external.length > 0
          ? `External references (not counted): ${web.external.join(', ')}.`
          : 'No external references.',
    });
    const hashing = web.hashing;
    if (hashing) {
      Object.assign(values, {
        'web.hash.files': hashing.files,
        'web.hash.pixels': hashing.photoPixels,
        'web.hash.fileMb': (hashing.medianFileBytes / 1e6).toFixed(1),
        'web.hash.totalMb': (hashing.totalBytes / 1e6).toFixed(0),
        'web.hash.browser': hashing.browser,
        'web.hash.totalMs': hashing.worker.totalMs,
        'web.hash.perFileMs': hashing.worker.perFileMs,
        'web.hash.mbps': hashing.worker.mbPerSecond,
        'web.hash.longestTask': hashing.worker.longestTaskMs,
        'web.hash.longTasks': hashing.worker.longTasks,
        'web.hash.longestGap': hashing.worker.longestGapMs,
        'web.hash.page.longestGap': hashing.pageThread.longestGapMs,
        'web.hash.page.longTasks': hashing.pageThread.longTasks,
        'web.hash.page.longestTask': hashing.pageThread.longestTaskMs,
        'web.hash.upload.longTasks': hashing.upload.longTasks,
        'web.hash.upload.seconds': (hashing.upload.totalMs / 1000).toFixed(1),
        'web.hash.upload.mbps': hashing.upload.mbPerSecond,
        'web.hash.upload.longestTask': hashing.upload.longestTaskMs,
        'web.hash.share': `${(hashing.hashShareOfUpload * 100).toFixed(1)} %`,
      });
    }
    const scroll = web.albumScroll;
    const [shipped, without] = scroll?.runs ?? [];
    if (scroll && shipped) {
      Object.assign(values, {
        'web.scroll.photos': scroll.photos.toLocaleString('en'),
        'web.scroll.viewport': scroll.viewport,
        'web.scroll.px': scroll.pxPerFrame,
        'web.scroll.browser': scroll.browser,
        'web.scroll.median': shipped.medianFrameMs,
        'web.scroll.p95': shipped.p95FrameMs,
        'web.scroll.slow': `${shipped.slowFramesPct} %`,
        'web.scroll.frames': shipped.frames,
        'web.scroll.off.p95': without?.p95FrameMs ?? '—',
        'web.scroll.off.slow': without ? `${without.slowFramesPct} %` : '—',
      });
    }
  }
  if (e2e) {
    const { album } = e2e;
    Object.assign(values, {
      'e2e.photos': e2e.photos,
      'e2e.photoPixels': e2e.photoPixels,
      'e2e.seconds': e2e.medianSeconds,
      'e2e.baselineSeconds': e2e.baselineSeconds,
      'e2e.ratio': e2e.ratioToBaseline,
      'ingest.p50': e2e.ingestLatency?.p50Seconds ?? '—',
      'ingest.p90': e2e.ingestLatency?.p90Seconds ?? '—',
      'ingest.runs': e2e.ingestLatency?.runsSeconds.join(', ') ?? '—',
      'e2e.album.photos': album.photos,
      'e2e.originals': mb(album.originalBytes),
      'e2e.previews': mb(album.previewBytes),
      'e2e.previews.mb': mb(album.previewBytes, 1),
      'e2e.previews.median': kb(album.previewMedianBytes),
      'e2e.previews.medianKb': kb(album.previewMedianBytes, 0),
    });
    if (album.thumbnailBytes !== undefined && album.thumbnailMedianBytes !== undefined) {
      Object.assign(values, {
        'e2e.thumbnails': mb(album.thumbnailBytes),
        'e2e.thumbnails.mb': mb(album.thumbnailBytes, 1),
        'e2e.thumbnails.median': kb(album.thumbnailMedianBytes),
        'e2e.thumbnails.medianKb': kb(album.thumbnailMedianBytes, 0),
        'e2e.thumbnails.share': (album.ratioToOriginals * 100).toFixed(2),
      });
    }
  }
  const search = results.groups.search;
  if (search) {
    const slowest = [...search.mix].sort((a, b) => b.executionMs - a.executionMs)[0];
    Object.assign(values, {
      'search.p50': search.p50Ms,
      'search.p99': search.p99Ms,
      'search.repository.p50': search.repositoryP50Ms,
      'search.repository.p99': search.repositoryP99Ms,
      'search.execution.max': slowest?.executionMs ?? '—',
      'search.execution.maxName': slowest?.name ?? '—',
      'search.library.p50': search.control?.libraryP50Ms ?? '—',
      'search.library.p99': search.control?.libraryP99Ms ?? '—',
      'search.select1.p50': search.control?.selectOneP50Ms ?? '—',
      'search.select1.p99': search.control?.selectOneP99Ms ?? '—',
    });
  }
  return values;
}

/**
 * `api.<route>.<figure>` for every route of the latest run, from `api` (the latest run, or with
 * prefix "before." the first); "—" where `api` lacks it.
 */
function apiFigures(prefix: string, api: ApiFigures | undefined, latest: ApiFigures | undefined): Values {
  const bare = api ? bareBaseline(api.bare) : undefined;
  const values: Values = {
    [`${prefix}api.bare.rps`]: bare
      ? `${Math.round(bare.requestsPerSecond).toLocaleString('en-US')} req/s`
      : '—',
    [`${prefix}api.bare.p99`]: bare?.p99Ms ?? '—',
  };
  if (api && prefix === '') {
    const json = api.galleryQueries.find((entry) => entry.photos === 1000);
    const bareSingle = api.bareSingle ? bareBaseline(api.bareSingle).requestsPerSecond : undefined;
    Object.assign(values, {
      'api.bareSingle.rps': bareSingle ? `${Math.round(bareSingle).toLocaleString('en-US')} req/s` : '—',
      'api.floor.rps': api.queryFloor
        ? `${Math.round(api.queryFloor.perSecond).toLocaleString('en-US')}/s`
        : '—',
      'api.floor.p50': api.queryFloor?.p50Ms ?? '—',
      'api.floor.vsBare':
        api.queryFloor && bareSingle ? (api.queryFloor.perSecond / bareSingle).toFixed(2) : '—',
      'api.duration': api.durationSeconds,
      'api.connections': api.connections,
      'api.gallery.json': json ? mb(json.bytes, 1) : '—',
    });
  }
  for (const { route } of latest?.routes ?? []) {
    const found = api?.routes.find((entry) => entry.route === route);
    const figure = (read: (figures: RouteLoadFigures) => string | number) => (found ? read(found) : '—');
    const key = `${prefix}api.${route}`;
    Object.assign(values, {
      [`${key}.rps`]: figure((f) => f.requestsPerSecond),
      [`${key}.p50`]: figure((f) => f.p50Ms),
      [`${key}.p99`]: figure((f) => f.p99Ms),
      [`${key}.p99VsBare`]: figure((f) => f.p99VsBare),
      [`${key}.single.p50`]: figure((f) => f.single.p50Ms),
      [`${key}.single.p99`]: figure((f) => f.single.p99Ms),
      [`${key}.single.rps`]: figure((f) => f.single.requestsPerSecond),
      [`${key}.single.vsBare`]: figure((f) => f.singleRpsVsBare ?? '—'),
      [`${key}.single.vsBudget`]: figure((f) =>
        f.single.p99Ms <= API_SINGLE_P99_LIMIT_MS ? 'within' : 'over',
      ),
      [`${key}.share`]: figure((f) =>
        bare && bare.requestsPerSecond > 0
          ? `${f.requestsPerSecond} req/s, ${(f.requestsPerSecond / bare.requestsPerSecond).toFixed(3)} × bare`
          : '—',
      ),
      [`${key}.failures`]: figure((f) =>
        f.statusCodes
          ? ` and ${Object.entries(f.statusCodes)
              .filter(([code]) => !code.startsWith('2'))
              .map(([code, n]) => `${n} × ${code}`)
              .join(', ')}`
          : '',
      ),
    });
  }
  return values;
}

/** Short names of the package floors (bench/groups/cold-start.ts). */
const FLOORS: Record<string, string> = {
  database: 'kysely + pg',
  zod: 'zod/mini (one object schema)',
  'iam-token': 'RDS IAM token: @smithy/signature-v4 + keys from the environment',
  'rds-signer': '@aws-sdk/rds-signer (what it replaced)',
  'client-s3': '@aws-sdk/client-s3 (one command)',
  'client-sqs': '@aws-sdk/client-sqs (one command)',
};

function coldStartFigures(cold: ColdStartFigures | undefined): Values {
  if (!cold) return {};
  const size = (bytes: number | undefined) => (bytes === undefined ? '—' : kb(bytes, 0));
  const values: Values = {
    'cold.assumption': cold.assumption,
    'cold.baselineImportMs': cold.baselineImportMs,
  };
  for (const handler of cold.handlers) {
    values[`cold.${handler.name}`] = size(handler.bytes);
    values[`cold.${handler.name}.sdkExternal`] = size(handler.bytesSdkExternal);
    values[`cold.${handler.name}.importMs`] = handler.importMs;
    values[`cold.${handler.name}.ratio`] = handler.importVsBaseline;
    values[`cold.${handler.name}.top`] = handler.topPackages
      .map((entry) => `${entry.name} ${size(entry.bytes)}`)
      .join(', ');
  }
  const floor = (key: string) => cold.floors?.find((entry) => entry.name === FLOORS[key])?.bytes;
  for (const key of Object.keys(FLOORS)) values[`cold.floor.${key}`] = size(floor(key));
  const floorSum = (floor('database') ?? 0) + (floor('zod') ?? 0) + (floor('iam-token') ?? 0);
  const status = cold.handlers.find((entry) => entry.name === 'http/get-job-status');
  const http = cold.handlers.filter((entry) => entry.kind === 'http');
  // Routes that use only the database and signing, and those that also bundle an S3 or SQS client.
  const light = http.filter((entry) => entry.bytes < 400_000);
  const heavy = http.filter((entry) => entry.bytes >= 400_000);
  const range = (list: typeof http) =>
    list.length === 0
      ? '—'
      : `${size(Math.min(...list.map((entry) => entry.bytes)))}–${size(Math.max(...list.map((entry) => entry.bytes)))}`;
  return {
    ...values,
    'cold.floor.sum': size(floorSum),
    'cold.status.aboveFloor': size((status?.bytes ?? 0) - floorSum),
    'cold.light.count': light.length,
    'cold.light.range': range(light),
    'cold.heavy.count': heavy.length,
    'cold.heavy.range': range(heavy),
    'cold.heavy.names': heavy.map((entry) => entry.name.replace('http/', '')).join(', '),
  };
}

function budgetTable(outcomes: BudgetOutcome[], before: Results | null): string {
  const status = { pass: '✅ pass', miss: '❌ miss', 'not measured': '⚠️ not measured' };
  const earlier = new Map((before ? evaluateBudgets(before) : []).map((outcome) => [outcome.id, outcome]));
  const was = (id: string) => {
    const outcome = earlier.get(id);
    return outcome ? `${outcome.measured} (${outcome.status})` : '–';
  };
  return table(
    'Figure | Budget | Before | Measured | Status | Reproduce',
    outcomes.map((outcome) => [
      outcome.figure,
      outcome.limit,
      was(outcome.id),
      outcome.measured,
      status[outcome.status],
      `\`${outcome.command}\``,
    ]),
  );
}

function modelTable(m: NonNullable<Results['groups']['model']>): string {
  const sizes = Object.entries(m.maxOutputTokensBySize)
    .map(([photos, tokens]) => `${photos} photos → ${tokens}`)
    .join(', ');
  const bytes = m.imageBytesPerPhoto;
  return table('Figure | Value | Note', [
    [
      'Model calls per job',
      m.callsPerJob,
      `job of ${m.photosPerJob} photos (${m.photoPixels}), no failure injected`,
    ],
    [
      'Media resolution in the request',
      `\`${m.mediaResolution ?? 'not set'}\``,
      `⇒ ${m.imageTokensPerPhoto} image tokens per photo (LOW 280, MEDIUM 560, HIGH 1,120 on 3.x models)`,
    ],
    [
      'Image bytes sent per photo (median)',
      kb(bytes.median),
      `${bytes.photos} photos of ${bytes.photoPixels}; min ${kb(bytes.min)}, max ${kb(bytes.max)}; base64 adds a third on the wire`,
    ],
    [
      'Ratio to the original',
      `${(m.ratioToOriginal * 100).toFixed(2)} %`,
      `median original ${mb(m.originalBytesMedian)}`,
    ],
    ['maxOutputTokens asked per job', m.maxOutputTokens ?? 'not set', sizes],
    ['Request body of the 500-photo call', mb(m.requestBodyBytes), 'JSON with base64 images'],
    [
      'Text per 500-photo job',
      `${m.textCharsPerJob.toLocaleString('en')} characters`,
      `≈ ${Math.ceil(m.textCharsPerJob / 4).toLocaleString('en')} tokens (4 characters a token): instructions and one context line per photo`,
    ],
  ]);
}

function modelRequestTable(r: ModelRequestFigures): string {
  const share = (bytes: number) => `${((100 * bytes) / r.limitBytes).toFixed(0)} %`;
  return table('Figure | Real photos | Worst case (noise)', [
    [
      'Model image per photo',
      `${kb(r.modelImageBytes.median)} median (${kb(r.modelImageBytes.min)}–${kb(r.modelImageBytes.max)})`,
      kb(r.worstCaseModelImageBytes),
    ],
    [`Request of one ${r.photosPerJob}-photo job`, mb(r.requestBytes), mb(r.worstCaseRequestBytes)],
    [`Share of the ${mb(r.limitBytes)} inline limit`, share(r.requestBytes), share(r.worstCaseRequestBytes)],
  ]);
}

/** Per 1,000 photos with every job's output at its whole budget: the most the answers can cost (no MAX_TOKENS retry). */
function budgetBoundUsd(
  r: ModelRequestFigures,
  full: NonNullable<ModelRequestFigures['fullAnswer']>,
): number {
  const price = GEMINI_PRICES[r.model];
  if (!price) return Number.NaN;
  const jobs = 1000 / r.photosPerJob;
  return (
    (full.tokensPer1000Photos.input * price.inputUsdPerMTok +
      jobs * full.maxOutputTokens * price.outputUsdPerMTok) /
    1e6
  );
}

function modelRequestValues(r: ModelRequestFigures): Values {
  return {
    'request.source': r.source,
    'request.originalMedian': kb(r.originalBytesMedian),
    'request.model': r.model,
    'request.inputTokens': r.tokensPer1000Photos.input.toLocaleString('en'),
    'request.outputTokens': r.tokensPer1000Photos.output.toLocaleString('en'),
    'request.cost': `$${r.costPer1000PhotosUsd.toFixed(3)}`,
    'request.fullChars': r.fullAnswer?.chars.toLocaleString('en') ?? '—',
    'request.fullTokens': r.fullAnswer?.outputTokens.toLocaleString('en') ?? '—',
    'request.fullPerPhoto': r.fullAnswer
      ? String(Math.round(r.fullAnswer.outputTokens / r.photosPerJob))
      : '—',
    'request.budget': r.fullAnswer?.maxOutputTokens.toLocaleString('en') ?? '—',
    'request.cap': r.fullAnswer?.cap.toLocaleString('en') ?? '—',
    'request.fullOutput1000': r.fullAnswer?.tokensPer1000Photos.output.toLocaleString('en') ?? '—',
    'request.fullCost': r.fullAnswer ? `$${r.fullAnswer.costPer1000PhotosUsd.toFixed(3)}` : '—',
    'request.fullBound': r.fullAnswer ? `$${budgetBoundUsd(r, r.fullAnswer).toFixed(3)}` : '—',
    'request.existingOffered': String(r.existingAlbums?.offered ?? '—'),
    'request.existingTokens': String(r.existingAlbums?.extraInputTokensPerAlbum ?? '—'),
    'request.existingBytes': r.existingAlbums ? kb(r.existingAlbums.extraRequestBytesPerAlbum) : '—',
    'request.existingShare': r.existingAlbums
      ? `${(100 * r.existingAlbums.extraInputShare).toFixed(1)} %`
      : '—',
    'request.existingCost': r.existingAlbums ? `$${r.existingAlbums.extraCostPerJobUsd.toFixed(5)}` : '—',
    'page.albumPhotos': String(r.page?.albumPhotos ?? '—'),
    'page.images': String(r.page?.imagesSent ?? '—'),
    'page.imagesCap': String(r.page?.imagesCap ?? '—'),
    'page.requestBytes': r.page ? kb(r.page.requestBytes) : '—',
    'page.inputTokens': r.page?.inputTokens.toLocaleString('en') ?? '—',
    'page.outputTokens': r.page?.outputTokens.toLocaleString('en') ?? '—',
    'page.maxOutputTokens': r.page?.maxOutputTokens.toLocaleString('en') ?? '—',
    'page.cost': r.page ? `$${r.page.costPerPageUsd.toFixed(5)}` : '—',
    'page.cost1000': r.page ? `$${r.page.costPer1000PagesUsd.toFixed(2)}` : '—',
    'page.cost1000Bound': r.page ? `$${r.page.costPer1000PagesBoundUsd.toFixed(2)}` : '—',
    'page.fullTokens': r.page?.fullDesignOutputTokens?.toLocaleString('en') ?? '—',
    'page.cost1000Full':
      r.page?.costPer1000FullPagesUsd !== undefined ? `$${r.page.costPer1000FullPagesUsd.toFixed(2)}` : '—',
  };
}

function workerTable(runs: WorkerRunFigures[]): string {
  return table(
    'Photos | Median | Runs (s) | Per photo | × baseline per photo | Peak RSS (maxRSS) | RSS before job | Peak heap / ArrayBuffers',
    runs.map((run) => [
      run.photos,
      `${run.medianSeconds} s`,
      run.seconds.join(', '),
      `${run.perPhotoMs} ms`,
      `${run.ratioToCalibration} ×`,
      `${run.peakRssMb} MiB`,
      `${run.rssBeforeJobMb} MiB`,
      `${run.peakHeapUsedMb} / ${run.peakArrayBuffersMb} MiB`,
    ]),
  );
}

function phaseTable(run: WorkerRunFigures): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return table(
    'Phase (port) | Calls | Busy | Share of the job | Summed',
    Object.entries(run.phases)
      .sort((a, b) => b[1].busyMs - a[1].busyMs)
      .map(([name, phase]) => [
        name,
        phase.calls,
        seconds(phase.busyMs),
        `${((phase.busyMs / (run.medianSeconds * 1000)) * 100).toFixed(0)} %`,
        seconds(phase.totalMs),
      ]),
  );
}

function apiTables(a: ApiFigures): { table: string; galleryTable: string } {
  const load = (figures: LoadFigures) => {
    const failed = figures.non2xx + figures.errors + figures.timeouts;
    const codes = figures.statusCodes
      ? ` (${Object.entries(figures.statusCodes)
          .map(([code, n]) => `${n}×${code}`)
          .join(', ')})`
      : '';
    return [
      `${figures.requestsPerSecond}`,
      `${figures.p50Ms} ms`,
      `${figures.p99Ms} ms`,
      failed ? `${failed}${codes}` : '0',
    ];
  };
  return {
    table: table(
      'Target | Conn. | req/s | p50 | p99 | Failed | p99 × bare | req/s × bare | 1 conn. p50 | 1 conn. p99 | SQL / request',
      [
        ...a.bare.map((run, index) => [
          `bare node:http (${index === 0 ? 'before' : 'after'})`,
          run.connections,
          ...load(run),
          '1',
          '1',
          '',
          '',
          '0',
        ]),
        ...a.routes.map((route) => [
          route.description,
          route.connections,
          ...load(route),
          `${route.p99VsBare}`,
          `${route.rpsVsBare}`,
          `${route.single.p50Ms} ms`,
          `${route.single.p99Ms} ms`,
          route.queriesPerRequest,
        ]),
      ],
    ),
    galleryTable: table(
      'Photos in the gallery | SQL queries | Status | Response size',
      a.galleryQueries.map((entry) => [entry.photos, entry.queries, entry.status, kb(entry.bytes)]),
    ),
  };
}

function coldStartTable(c: ColdStartFigures): string {
  return table(
    'Handler | Minified | gzip | SDK left to the runtime | import() | Whole process | × empty process | Largest parts',
    c.handlers.map((handler) => [
      handler.name,
      kb(handler.bytes),
      kb(handler.gzipBytes),
      kb(handler.bytesSdkExternal),
      `${handler.importMs} ms`,
      `${handler.processMs} ms`,
      `${handler.importVsBaseline} ×`,
      handler.topPackages.map((entry) => `${entry.name} ${Math.round(entry.bytes / 1000)}`).join(', '),
    ]),
  );
}
