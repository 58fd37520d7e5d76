/**
 * The bench's bundles (bench/groups/cold-start.ts) and the bundled-handler tests build with
 * `lambdaEsbuildOptions`; the stack builds with NodejsFunction's `bundling` block. This holds the two
 * to the same bytes, so the sizes in BENCHMARKS.md are the sizes deployed.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { build } from 'esbuild';
import { CONTENT_FILES, lambdaEsbuildOptions } from '../../lib/constructs/bundling.ts';
import { nodeFunction, PROJECT_ROOT } from '../../lib/constructs/node-function.ts';

const ENTRY = 'lambdas/handlers/http/get-job-status.ts';

test('a Lambda bundled by CDK is byte for byte the bundle the bench measures', async () => {
  const out = mkdtempSync(join(tmpdir(), 'momentarium-bundling-'));
  try {
    const app = new App({ outdir: join(out, 'cdk.out') });
    const stack = new Stack(app, 'Bundling', { env: { account: '111111111111', region: 'us-east-1' } });
    nodeFunction(stack, 'Status', {
      entry: ENTRY,
      description: 'bundling check',
      vpc: new Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1 }),
    });
    const assembly = app.synth();
    const assets = JSON.parse(readFileSync(join(assembly.directory, 'Bundling.assets.json'), 'utf8'));
    const [asset] = Object.values(assets.files) as Array<{ source: { path: string } }>;
    const deployed = readFileSync(join(assembly.directory, asset?.source.path ?? '', 'index.mjs'), 'utf8');

    const outfile = join(out, 'index.mjs');
    await build(lambdaEsbuildOptions(join(PROJECT_ROOT, ENTRY), outfile, []));
    const measured = readFileSync(outfile, 'utf8');

    // Compared by size and digest: a diff of two minified bundles would be unreadable.
    const fingerprint = (code: string) => ({
      bytes: code.length,
      sha256: createHash('sha256').update(code).digest('hex'),
    });
    expect(deployed.length).toBeGreaterThan(100_000);
    expect(fingerprint(deployed)).toEqual(fingerprint(measured));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);

test("the photo readers' models and WebAssembly files are copied beside the bundle, and the code is told where", async () => {
  const out = mkdtempSync(join(tmpdir(), 'momentarium-bundling-'));
  try {
    const app = new App({ outdir: join(out, 'cdk.out') });
    const stack = new Stack(app, 'Content', { env: { account: '111111111111', region: 'us-east-1' } });
    nodeFunction(stack, 'Reader', {
      entry: 'lambdas/handlers/sqs/ingest-photos.ts',
      description: 'content files check',
      vpc: new Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 1 }),
      contentFiles: true,
    });
    const assembly = app.synth();
    const assets = JSON.parse(readFileSync(join(assembly.directory, 'Content.assets.json'), 'utf8'));
    const asset = (Object.values(assets.files) as Array<{ source: { path: string } }>).find((entry) =>
      entry.source.path.startsWith('asset.'),
    );
    const root = join(assembly.directory, asset?.source.path ?? '');
    for (const [target, names] of Object.entries(CONTENT_FILES.files)) {
      const source = CONTENT_FILES.directories[target as keyof typeof CONTENT_FILES.directories];
      for (const name of names)
        expect(
          readFileSync(join(root, target, name)).equals(readFileSync(join(PROJECT_ROOT, source, name))),
        ).toBe(true);
    }
    // face-api and TensorFlow.js, bundled apart by esbuild's command line: the bytes the JS API builds.
    const measured = join(out, 'measured', CONTENT_FILES.runtime.file);
    await build(lambdaEsbuildOptions(join(PROJECT_ROOT, CONTENT_FILES.runtime.entry), measured, []));
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(join(root, CONTENT_FILES.runtime.file))).toBe(digest(measured));
    // …and kept out of the function's own bundle.
    expect(readFileSync(join(root, 'index.mjs'), 'utf8').includes('tfjs-core')).toBe(false);
    const template = JSON.parse(readFileSync(join(assembly.directory, 'Content.template.json'), 'utf8'));
    const [fn] = Object.values(template.Resources).filter(
      (resource: any) => resource.Type === 'AWS::Lambda::Function',
    ) as any[];
    expect(fn.Properties.Environment.Variables).toMatchObject(CONTENT_FILES.environment('/var/task'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 120_000);
