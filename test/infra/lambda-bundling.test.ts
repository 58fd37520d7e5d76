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
import { lambdaEsbuildOptions } from '../../lib/constructs/bundling.ts';
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
