/**
 * `npm run bench` — measures the figures of BENCHMARKS.md on this machine and writes them to
 * bench/results.json and BENCHMARKS.md. Options:
 *   --quick            fewer repetitions and shorter load runs (about a third of the time)
 *   --only=a,b         run some groups only (web, cold-start, worker, model-request, api, e2e, albums, content, search); the
 *                      others keep their previous figures in results.json
 *   --organizer=gemini the albums group also scores the real model (needs GEMINI_API_KEY; never faked)
 *   --report           measure nothing: re-render BENCHMARKS.md from results.json
 * Groups run one after another, never in parallel: the machine has two cores.
 */
import { writeFile } from 'node:fs/promises';
import { evaluateBudgets } from './budgets.ts';
import { runAlbumsGroup } from './groups/albums.ts';
import { runApiGroup } from './groups/api.ts';
import { runColdStartGroup } from './groups/cold-start.ts';
import { runContentGroup } from './groups/content.ts';
import { runE2eGroup } from './groups/e2e.ts';
import { runModelRequestGroup } from './groups/model-request.ts';
import { runSearchGroup } from './groups/search.ts';
import { runWebGroup } from './groups/web.ts';
import { runWorkerGroup } from './groups/worker.ts';
import { renderReport } from './report.ts';
import {
  type Figures,
  type GroupMeta,
  loadBeforeResults,
  loadResults,
  machine,
  type Results,
  saveResults,
} from './results.ts';
import { runCleanup } from './support/cleanup.ts';
import type { BenchContext } from './support/context.ts';

const REPORT_FILE = new URL('../BENCHMARKS.md', import.meta.url);

/** Each group and the results it writes (the worker group measures the model economy too). */
const GROUPS = {
  web: async (ctx: BenchContext) => ({ web: await runWebGroup(ctx) }),
  'cold-start': async (ctx: BenchContext) => ({ coldStart: await runColdStartGroup(ctx) }),
  worker: (ctx: BenchContext) => runWorkerGroup(ctx),
  'model-request': async (ctx: BenchContext) => ({ modelRequest: await runModelRequestGroup(ctx) }),
  api: async (ctx: BenchContext) => ({ api: await runApiGroup(ctx) }),
  e2e: async (ctx: BenchContext) => ({ e2e: await runE2eGroup(ctx) }),
  albums: async (ctx: BenchContext) => ({ albums: await runAlbumsGroup(ctx) }),
  content: async (ctx: BenchContext) => ({ content: await runContentGroup(ctx) }),
  search: async (ctx: BenchContext) => ({ search: await runSearchGroup(ctx) }),
} satisfies Record<string, (ctx: BenchContext) => Promise<Measured>>;
type GroupName = keyof typeof GROUPS;
type Measured = { [K in keyof Results['groups']]?: Figures<NonNullable<Results['groups'][K]>> };

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
const reportOnly = args.includes('--report');
const names = Object.keys(GROUPS) as GroupName[];
const selected: GroupName[] = reportOnly
  ? []
  : only
    ? only.split(',').map((name) => {
        if (!(names as string[]).includes(name))
          throw new Error(`unknown group ${name}; choose from ${names.join(', ')}`);
        return name as GroupName;
      })
    : names;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping what the bench started`);
    void runCleanup().finally(() => process.exit(130));
  });
}

const started = performance.now();
const log = (message: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${message}`);
const ctx: BenchContext = { quick, log };
const results = await loadResults();

let failed = false;
for (const group of selected) {
  try {
    log(`── ${group}${quick ? ' (quick)' : ''}`);
    const start = performance.now();
    const measured = await GROUPS[group](ctx);
    const meta: GroupMeta = {
      measuredAt: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      seconds: Math.round((performance.now() - start) / 1000),
      command: `npm run bench -- --only=${group}${quick ? ' --quick' : ''}`,
      machine: machine(),
    };
    for (const [name, figures] of Object.entries(measured))
      Object.assign(results.groups, { [name]: { ...meta, ...figures } });
    results.updatedAt = new Date().toISOString();
    // Saved after every group, so an interrupted run keeps what it measured.
    await saveResults(results);
  } catch (error) {
    failed = true;
    console.error(`group ${group} failed:`, error);
    await runCleanup();
  }
}

await writeFile(REPORT_FILE, renderReport(results, await loadBeforeResults()));
const outcomes = evaluateBudgets(results);
log(
  `done in ${((performance.now() - started) / 60_000).toFixed(1)} min; wrote bench/results.json and BENCHMARKS.md`,
);
for (const outcome of outcomes)
  console.log(`  ${outcome.status.padEnd(12)} ${outcome.figure}: ${outcome.measured}`);
console.log('Budgets are enforced by `npm run bench:check`.');
process.exit(failed ? 1 : 0);
