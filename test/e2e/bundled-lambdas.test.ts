/**
 * The Lambda code as it is deployed: handlers bundled with the stack's esbuild settings
 * (lib/constructs/bundling.ts: minified ESM, ES module builds of the SDK first) and run in a fresh
 * Node process with the environment the stack gives them, against the local services. The other
 * suites run the TypeScript sources; this one catches a bundling choice that breaks at run time.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { processJobMessage } from '../../lambdas/core/job-message.ts';
import { lambdaEsbuildOptions, WORKER_NODE_MODULES } from '../../lib/constructs/bundling.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { httpEventFor } from '../support/lambda-events.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';

const run = promisify(execFile);
const HANDLERS = fileURLToPath(new URL('../../lambdas/handlers/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules', import.meta.url));

// Imports the bundle, invokes its handler once with the event on stdin, writes the result to a file
// (stdout carries the handler's own logs).
const DRIVER = `import { writeFileSync } from 'node:fs';
const [bundle, resultFile] = process.argv.slice(2);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { handler } = await import(bundle);
const result = await handler(JSON.parse(input), { awsRequestId: 'bundled' });
writeFileSync(resultFile, JSON.stringify(result));
process.exit(0);
`;

let harness: Harness;
let subject: string;
let userId: string;
let dir: string;

beforeAll(async () => {
  harness = await startHarness();
  const session = await harness.signIn('bundled-lambda');
  const token = session.token;
  userId = session.userId;
  subject = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub;
  dir = await mkdtemp(join(tmpdir(), 'momentarium-bundled-'));
  await writeFile(join(dir, 'driver.mjs'), DRIVER);
  // The worker's native and data packages ship in its node_modules, as the stack installs them. The
  // HTTP bundles get none: everything they need must be in the bundle.
  await mkdir(join(dir, 'worker'));
  await symlink(NODE_MODULES, join(dir, 'worker', 'node_modules'), 'dir');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await harness.stop();
});

/** Bundles the handler as the stack does, runs it once in a fresh Node process and returns its result. */
async function runBundled(handler: string, event: unknown, external: readonly string[] = []): Promise<any> {
  const outfile = join(dir, external.length > 0 ? 'worker' : '', `${handler.replace('/', '-')}.mjs`);
  await build(lambdaEsbuildOptions(join(HANDLERS, `${handler}.ts`), outfile, external));
  const resultFile = `${outfile}.result.json`;
  const child = run(process.execPath, [join(dir, 'driver.mjs'), outfile, resultFile], {
    env: { PATH: process.env.PATH ?? '', ...harness.app.env, DATABASE_MAX_CONNECTIONS: '1' },
    timeout: 60_000,
  });
  child.child.stdin?.end(JSON.stringify(event));
  await child;
  return JSON.parse(await readFile(resultFile, 'utf8'));
}

async function invokeBundled(
  name: string,
  request: { pathParameters?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const result = await runBundled(`http/${name}`, httpEventFor(name, subject, request));
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

async function uploadedPhoto(name: string): Promise<string> {
  const photo = await makeJpeg({ width: 64, height: 48 });
  const { body } = await invokeBundled('generate-upload-urls', {
    body: { files: [{ name, contentType: 'image/jpeg', size: photo.length }] },
  });
  const [upload] = body.uploads;
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo });
  expect(put.status).toBe(200);
  return upload.key;
}

it('health, bundled, reaches the database', async () => {
  const { status, body } = await invokeBundled('health');
  expect([status, body.checks.database.status]).toEqual([200, 'ok']);
});

it('generate-upload-urls, bundled, signs a URL the local S3 accepts', async () => {
  expect(await uploadedPhoto('a.jpg')).toMatch(/^users\//);
});

it('process-gallery, bundled, checks the upload in S3 and queues the job on SQS', async () => {
  const key = await uploadedPhoto('b.jpg');
  const { status, body } = await invokeBundled('process-gallery', { body: { imageKeys: [key] } });
  expect([status, typeof body.jobId]).toEqual([202, 'string']);
});

it('the worker, bundled with its node_modules, organizes a job handed to it in an SQS event', async () => {
  const key = await uploadedPhoto('c.jpg');
  // Recorded but never queued: the local poller cannot take it, only the bundled worker.
  const { job } = await harness.app.http.jobs.create({
    id: randomUUID(),
    ownerId: userId,
    imageKeys: [key],
    idempotencyKey: null,
  });
  const event = {
    Records: [
      {
        messageId: 'message-1',
        body: JSON.stringify(processJobMessage(job.id)),
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  };
  expect(await runBundled('sqs/process-job', event, WORKER_NODE_MODULES)).toEqual({ batchItemFailures: [] });
  const status = await invokeBundled('get-job-status', { pathParameters: { id: job.id } });
  expect([status.status, status.body.status]).toEqual([200, 'completed']);
});
