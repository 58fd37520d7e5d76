/**
 * The Lambda code as it is deployed: handlers bundled with the stack's esbuild settings
 * (lib/constructs/bundling.ts: minified ESM, ES module builds of the SDK first) and run in a fresh
 * Node process with the environment the stack gives them, against the local services. The other
 * suites run the TypeScript sources; this one catches a bundling choice that breaks at run time.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { lambdaEsbuildOptions } from '../../lib/constructs/bundling.ts';
import { makeJpeg } from '../fixtures/photos.ts';
import { httpEventFor } from '../support/lambda-events.ts';
import { type Harness, startHarness } from '../support/local-app-harness.ts';

const run = promisify(execFile);
const HTTP_DIR = fileURLToPath(new URL('../../lambdas/handlers/http/', import.meta.url));

// Imports the bundle, invokes its handler once with the event on stdin, prints the result.
const DRIVER = `const [bundle] = process.argv.slice(2);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const { handler } = await import(bundle);
const result = await handler(JSON.parse(input), { awsRequestId: 'bundled' });
process.stdout.write(JSON.stringify(result));
process.exit(0);
`;

let harness: Harness;
let subject: string;
let dir: string;

beforeAll(async () => {
  harness = await startHarness();
  const { token } = await harness.signIn('bundled-lambda');
  subject = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub;
  dir = await mkdtemp(join(tmpdir(), 'momentarium-bundled-'));
  await writeFile(join(dir, 'driver.mjs'), DRIVER);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await harness.stop();
});

async function invokeBundled(
  name: string,
  request: { body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const outfile = join(dir, `${name}.mjs`);
  await build(lambdaEsbuildOptions(join(HTTP_DIR, `${name}.ts`), outfile, []));
  const event = httpEventFor(name, subject, request);
  const child = run(process.execPath, [join(dir, 'driver.mjs'), outfile], {
    env: { PATH: process.env.PATH ?? '', ...harness.app.env, DATABASE_MAX_CONNECTIONS: '1' },
    timeout: 30_000,
  });
  child.child.stdin?.end(JSON.stringify(event));
  const { stdout } = await child;
  const result = JSON.parse(stdout);
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

it('health, bundled, reaches the database', async () => {
  const { status, body } = await invokeBundled('health');
  expect([status, body.checks.database.status]).toEqual([200, 'ok']);
});

it('generate-upload-urls, bundled, signs a URL the local S3 accepts', async () => {
  const photo = await makeJpeg({ width: 64, height: 48 });
  const { status, body } = await invokeBundled('generate-upload-urls', {
    body: { files: [{ name: 'a.jpg', contentType: 'image/jpeg', size: photo.length }] },
  });
  expect(status).toBe(200);
  const [upload] = body.uploads;
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo });
  expect(put.status).toBe(200);
});

it('process-gallery, bundled, checks the upload in S3 and queues the job on SQS', async () => {
  const photo = await makeJpeg({ width: 64, height: 48 });
  const urls = await invokeBundled('generate-upload-urls', {
    body: { files: [{ name: 'b.jpg', contentType: 'image/jpeg', size: photo.length }] },
  });
  const [upload] = urls.body.uploads;
  await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo });
  const { status, body } = await invokeBundled('process-gallery', { body: { imageKeys: [upload.key] } });
  expect([status, typeof body.jobId]).toEqual([202, 'string']);
});
