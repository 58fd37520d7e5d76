/**
 * `cdk synth` through the real CLI works on a machine with no AWS account, no credentials and no
 * network, in the region the operator's environment names (AWS_REGION → CDK_DEFAULT_REGION): nothing
 * is looked up, zones are resolved by CloudFormation at deploy time.
 * Lambda bundling is skipped (-c bundleLambdas=false); `npm run synth` covers bundling.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

test("npx cdk synth succeeds offline without credentials in the environment's region, and cdk-nag reports nothing", () => {
  const out = mkdtempSync(join(tmpdir(), 'momentarium-synth-'));
  try {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined && !/^(AWS_|CDK_)/.test(key)) env[key] = value;
    }
    Object.assign(env, {
      AWS_REGION: 'eu-central-1',
      // No credentials anywhere the SDK would look, and no instance metadata to wait for.
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(out, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(out, 'no-credentials'),
      // The app runs on the project's Node 24 (TypeScript type stripping), as npm scripts do.
      PATH: [join(projectRoot, 'node_modules', '.bin'), dirname(process.execPath), env.PATH].join(delimiter),
    });
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [
        join(projectRoot, 'node_modules/aws-cdk/bin/cdk'),
        'synth',
        '-c',
        'bundleLambdas=false',
        '-o',
        out,
        '-q',
      ],
      { cwd: projectRoot, env, encoding: 'utf8', timeout: 150_000 },
    );
    const output = `${result.stdout}\n${result.stderr}`;
    expect({ status: result.status, output: result.status === 0 ? '' : output }).toEqual({
      status: 0,
      output: '',
    });
    const template = readFileSync(join(out, 'Momentarium.template.json'), 'utf8');
    expect(template).toContain('https://cognito-idp.eu-central-1.amazonaws.com/');
    expect(template).toContain('"Fn::GetAZs"');
    expect(
      JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).artifacts.Momentarium.environment,
    ).toBe('aws://unknown-account/eu-central-1');
    const report = JSON.parse(readFileSync(join(out, 'validation-report.json'), 'utf8'));
    expect(report.pluginReports.flatMap((plugin: { violations: unknown[] }) => plugin.violations)).toEqual(
      [],
    );
    expect(output).not.toMatch(/credential|ExpiredToken|Unable to resolve AWS account/i);
    expect(Date.now() - started).toBeLessThan(150_000);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);
