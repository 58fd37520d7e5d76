/**
 * The Lambda code as it is deployed: handlers bundled with the stack's esbuild settings
 * (lib/constructs/bundling.ts: minified ESM, ES module builds of the SDK first) and run in a fresh
 * Node process, against the local services (the local runtime's environment), and once with what
 * Lambda and the stack give a signing route in AWS. The other suites run the TypeScript sources; this
 * one catches a bundling choice that breaks at run time.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import {
  CONTENT_FILES,
  contentFileCommands,
  lambdaEsbuildOptions,
  WORKER_NODE_MODULES,
} from '../../lib/constructs/bundling.ts';
import { type FakeGemini, startFakeGemini } from '../fakes/fake-gemini-server.ts';
import { faceApiSample, makeJpeg } from '../fixtures/photos.ts';
import { httpEventFor, jobMessageEvent, objectCreatedEvent } from '../support/lambda-events.ts';
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
let gemini: FakeGemini;

beforeAll(async () => {
  gemini = await startFakeGemini({ apiKey: 'bundled-key' });
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
  // And the photo readers' model and WebAssembly files beside the bundle, copied as the stack copies them.
  await run('sh', [
    '-c',
    contentFileCommands(fileURLToPath(new URL('../..', import.meta.url)), join(dir, 'worker')).join(' && '),
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await harness.stop();
  await gemini.stop();
});

const bundles = new Map<string, Promise<string>>();
let runs = 0;

/** The handler bundled as the stack bundles it, built once per test file. */
function bundled(handler: string, external: readonly string[]): Promise<string> {
  let outfile = bundles.get(handler);
  if (!outfile) {
    const file = join(dir, external.length > 0 ? 'worker' : '', `${handler.replace('/', '-')}.mjs`);
    outfile = build(lambdaEsbuildOptions(join(HANDLERS, `${handler}.ts`), file, external)).then(() => file);
    bundles.set(handler, outfile);
  }
  return outfile;
}

/** Runs the bundled handler once in a fresh Node process and returns its result. */
async function runBundled(
  handler: string,
  event: unknown,
  options: { external?: readonly string[]; env?: Record<string, string | undefined> } = {},
): Promise<any> {
  const outfile = await bundled(handler, options.external ?? []);
  const resultFile = join(dir, `result-${++runs}.json`);
  const child = run(process.execPath, [join(dir, 'driver.mjs'), outfile, resultFile], {
    env: withoutUnset({
      PATH: process.env.PATH ?? '',
      ...harness.app.env,
      DATABASE_MAX_CONNECTIONS: '1',
      ...options.env,
    }),
    timeout: 60_000,
  });
  child.child.stdin?.end(JSON.stringify(event));
  await child;
  return JSON.parse(await readFile(resultFile, 'utf8'));
}

/** An environment for a child process: a variable set to undefined is left out. */
function withoutUnset(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

async function invokeBundled(
  name: string,
  request: { pathParameters?: Record<string, string>; body?: unknown } = {},
  env: Record<string, string | undefined> = {},
): Promise<{ status: number; body: any }> {
  const result = await runBundled(`http/${name}`, httpEventFor(name, subject, request), { env });
  return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
}

async function uploadedPhoto(name: string): Promise<string> {
  // A photo of its own per name: ingest rejects a copy of a photo already in the library.
  const photo = await makeJpeg({ width: 64, height: 48, extraIfd0: { ImageDescription: name } });
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

it('the worker, bundled with its node_modules, organizes a job from an SQS event through the Gemini SDK', async () => {
  const key = await uploadedPhoto('c.jpg');
  // Recorded but never queued: the local poller cannot take it, only the bundled worker.
  const { job } = await harness.app.http.jobs.create({
    id: randomUUID(),
    ownerId: userId,
    imageKeys: [key],
    idempotencyKey: null,
  });
  const organizer = {
    ORGANIZER: 'gemini',
    GEMINI_API_KEY: 'bundled-key',
    GEMINI_BASE_URL: gemini.url,
    GEMINI_MAX_ATTEMPTS: '1',
  };
  gemini.respondWith({ kind: 'good', albumCount: 1 });
  const result = await runBundled('sqs/process-job', jobMessageEvent(job.id), {
    external: WORKER_NODE_MODULES,
    env: organizer,
  });
  expect(result).toEqual({ batchItemFailures: [] });
  // The bundled @google/genai SDK made the one model call.
  expect(gemini.requests).toHaveLength(1);
  const status = await invokeBundled('get-job-status', { pathParameters: { id: job.id } });
  expect([status.status, status.body.status, status.body.organizer]).toEqual([200, 'completed', 'gemini']);
});

it('ingest, bundled, reads faces with the models copied beside it (people recognition on)', async () => {
  const photo = await faceApiSample(5);
  const { body } = await invokeBundled('generate-upload-urls', {
    body: { files: [{ name: 'group.jpg', contentType: 'image/jpeg', size: photo.length }] },
  });
  const [upload] = body.uploads;
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: photo })).status).toBe(200);
  await harness.app.http.settings.update(userId, { peopleRecognition: true });
  try {
    const result = await runBundled('sqs/ingest-photos', objectCreatedEvent(upload.key), {
      external: WORKER_NODE_MODULES,
      // Only the copies: the bundle must not find the models through node_modules.
      env: CONTENT_FILES.environment(join(dir, 'worker')),
    });
    expect(result).toEqual({ batchItemFailures: [] });
    const faces = await harness.app.http.db
      .selectFrom('faces')
      .innerJoin('images', 'images.id', 'faces.image_id')
      .select('faces.id')
      .where('images.storage_key', '=', upload.key)
      .execute();
    expect(faces.length).toBeGreaterThanOrEqual(4);
  } finally {
    await harness.app.http.settings.update(userId, { peopleRecognition: false });
  }
});

it("in AWS's environment the bundled signer uses the bucket's domain and the role's session keys", async () => {
  // What Lambda and the stack give a signing route: no local endpoint or keys, the bucket's regional
  // domain name, and the role's temporary keys with their session token.
  const aws = {
    S3_ENDPOINT: undefined,
    AWS_REGION: 'eu-west-1',
    UPLOADS_BUCKET: 'momentarium-uploads-abc',
    UPLOADS_BUCKET_DOMAIN: 'momentarium-uploads-abc.s3.eu-west-1.amazonaws.com',
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEROLEKEY',
    AWS_SECRET_ACCESS_KEY: 'role/secret/EXAMPLE',
    AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE+session/token=',
  };
  const { status, body } = await invokeBundled(
    'generate-upload-urls',
    { body: { files: [{ name: 'd.jpg', contentType: 'image/jpeg', size: 1234 }] } },
    aws,
  );
  expect(status).toBe(200);
  const url = new URL(body.uploads[0].url);
  expect(url.host).toBe(aws.UPLOADS_BUCKET_DOMAIN);
  expect(url.searchParams.get('X-Amz-Credential')).toMatch(
    /^ASIAEXAMPLEROLEKEY\/\d{8}\/eu-west-1\/s3\/aws4_request$/,
  );
  expect(url.searchParams.get('X-Amz-Security-Token')).toBe(aws.AWS_SESSION_TOKEN);
});
