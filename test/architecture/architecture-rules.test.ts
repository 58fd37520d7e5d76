/**
 * The layer rules of .dependency-cruiser.cjs, checked over the real tree on every `npm test`, and proved
 * able to fail on a small synthetic tree laid out like this one with one bad import per rule.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const CRUISED = ['lambdas', 'lib', 'bin', 'cli', 'scripts', 'bench'];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

async function cruiseTree(baseDir: string, roots: string[]): Promise<ICruiseResult> {
  const options: ICruiseOptions = { ...(await extractDepcruiseOptions(CONFIG)), baseDir };
  const { output } = await cruise(roots, options);
  if (typeof output === 'string') throw new Error('dependency-cruiser returned text instead of a result');
  return output;
}

function violationsOf(result: ICruiseResult): Violation[] {
  return result.summary.violations
    .map(({ rule, from, to, cycle }) => ({
      rule: rule.name,
      from,
      to: cycle ? cycle.map((step) => step.name).join(' → ') : to,
    }))
    .sort((a, b) => `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`));
}

const listing = (violations: Violation[]) =>
  violations.map(({ rule, from, to }) => `  ${rule}: ${from} → ${to}`).join('\n');

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  it('hold for lambdas, lib, bin, cli, scripts and bench', async () => {
    const result = await cruiseTree(ROOT, CRUISED);
    const modules = result.modules.map((module) => module.source);

    // A cruise that silently saw nothing would pass every rule: make sure it saw the layers.
    for (const layer of ['lambdas/core/', 'lambdas/adapters/', 'lambdas/composition/', 'lambdas/handlers/']) {
      expect(modules.some((source) => source.startsWith(layer))).toBe(true);
    }
    expect(modules).toContain('lib/momentarium-stack.ts');
    expect(modules).toContain('bin/local.ts');
    expect(modules).toContain('cli/momentarium.js');

    const violations = violationsOf(result);
    if (violations.length > 0) {
      throw new Error(
        `${violations.length} architecture violation(s) (rule: from → to), see .dependency-cruiser.cjs:\n` +
          listing(violations),
      );
    }
  });

  describe('on a synthetic tree with one bad import per rule', () => {
    let fixture: string;

    // Clean edges along every allowed arrow, plus the planted bad ones (marked BAD).
    const files: Record<string, string> = {
      'lambdas/core/model.ts': 'export interface Photo { id: string }\n',
      'lambdas/core/ports.ts':
        "import type { Photo } from './model.ts';\nexport type Store = (p: Photo) => void;\n",
      'lambdas/core/use-cases/save.ts':
        "import type { Store } from '../ports.ts';\nexport const save = (s: Store) => s;\n",
      'lambdas/validation.ts': "import { config } from 'zod/mini';\nconfig();\n",
      'lambdas/config.ts':
        "import './validation.ts';\nimport { X } from './core/model.ts'; // BAD\nexport const env = X;\n",
      'lambdas/adapters/postgres/database.ts':
        "import { randomUUID } from 'node:crypto';\nimport { Kysely } from 'kysely';\n" +
        "import type { Store } from '../../core/ports.ts';\nexport const store: Store = () => randomUUID();\nexport { Kysely };\n",
      'lambdas/adapters/s3/storage.ts':
        "import { env } from '../../config.ts'; // BAD\nexport const s = env;\n",
      'lambdas/composition/database.ts':
        "import { store } from '../adapters/postgres/database.ts';\nimport { env } from '../config.ts';\n" +
        'export const wired = [store, env];\n',
      'lambdas/composition/bad.ts':
        "import { handler } from '../handlers/http/health.ts'; // BAD\nexport const h = handler;\n",
      'lambdas/handlers/http/routes.ts': "export const routes = ['health'];\n",
      'lambdas/handlers/http/health.ts':
        "import '../../validation.ts';\nimport { wired } from '../../composition/database.ts';\n" +
        "import { save } from '../../core/use-cases/save.ts';\nexport const handler = [wired, save];\n",
      'lambdas/handlers/http/typo.ts': "export * from '../../composition/missing.ts'; // BAD\n",
      'lambdas/handlers/http/climbs.ts':
        "import { stack } from '../../../lib/stack.ts'; // BAD\nexport const c = stack;\n",
      'lambdas/handlers/sqs/bad.ts':
        "import { store } from '../../adapters/postgres/database.ts'; // BAD\n" +
        "import { start } from '../../local-runtime/local-app.ts'; // BAD\nexport const b = [store, start];\n",
      'lambdas/core/leaky.ts':
        "import type { store } from '../adapters/postgres/database.ts'; // BAD\n" +
        "import { readFileSync } from 'node:fs'; // BAD\nimport leftPad from 'left-pad'; // BAD\n" +
        'export type L = typeof store;\nexport const r = [readFileSync, leftPad];\n',
      // An installed npm package, so the core rule is shown to catch a resolved one, not only a bare name.
      'node_modules/left-pad/package.json':
        '{ "name": "left-pad", "version": "1.0.0", "main": "index.js" }\n',
      'node_modules/left-pad/index.js': 'module.exports = (s) => s;\n',
      'lambdas/core/ping.ts':
        "import { pong } from './pong.ts'; // BAD (cycle)\nexport const ping = () => pong;\n",
      'lambdas/core/pong.ts': "import { ping } from './ping.ts';\nexport const pong = () => ping;\n",
      'lambdas/local-runtime/local-app.ts':
        "import { handler } from '../handlers/http/health.ts';\nimport { env } from '../config.ts';\n" +
        'export const start = () => [handler, env];\n',
      'lib/stack.ts':
        "import { routes } from '../lambdas/handlers/http/routes.ts';\nexport const stack = routes;\n",
      'lib/bad.ts':
        "import { wired } from '../lambdas/composition/database.ts'; // BAD\nexport const w = wired;\n",
      'bin/momentarium.ts': "import { stack } from '../lib/stack.ts';\nexport const app = stack;\n",
      'lambdas/web-content/world.ts':
        "import { readFileSync } from 'node:fs';\nimport leftPad from 'left-pad';\n" +
        "import { X } from '../core/model.ts'; // BAD\nexport const world = [readFileSync, leftPad, X];\n",
      'lib/website.ts':
        "import { world } from '../lambdas/web-content/world.ts';\nexport const site = world;\n",
      'bin/local.ts': "import { start } from '../lambdas/local-runtime/local-app.ts';\nstart();\n",
      'bin/migrate.ts': "import { start } from '../lambdas/local-runtime/local-app.ts'; // BAD\nstart();\n",
      'scripts/load.ts': "import { start } from '../lambdas/local-runtime/local-app.ts';\nstart();\n",
      'scripts/quiet.ts':
        "import { store } from '../lambdas/adapters/postgres/database.ts'; // BAD\nexport const q = store;\n",
      'bench/run.ts': "import { start } from '../lambdas/local-runtime/local-app.ts';\nstart();\n",
      'cli/momentarium.js':
        "import { readFile } from 'node:fs/promises';\nimport { get } from './api.js';\nexport const m = [readFile, get];\n",
      'cli/api.js':
        "import leftPad from 'left-pad'; // BAD\nimport { ping } from '../lambdas/core/ping.ts'; // BAD\n" +
        'export const get = () => [leftPad, ping];\n',
    };

    beforeAll(async () => {
      fixture = await mkdtemp(join(tmpdir(), 'momentarium-architecture-'));
      for (const [path, source] of Object.entries(files)) {
        await mkdir(dirname(join(fixture, path)), { recursive: true });
        await writeFile(join(fixture, path), source);
      }
    });

    afterAll(async () => {
      if (fixture) await rm(fixture, { recursive: true, force: true });
    });

    it('reports exactly the planted violations, each under its rule and only once', async () => {
      const result = await cruiseTree(fixture, CRUISED);
      const expected: Violation[] = [
        {
          rule: 'adapters-stay-below-composition',
          from: 'lambdas/adapters/s3/storage.ts',
          to: 'lambdas/config.ts',
        },
        { rule: 'cli-speaks-only-http', from: 'cli/api.js', to: 'lambdas/core/ping.ts' },
        { rule: 'cli-speaks-only-http', from: 'cli/api.js', to: 'node_modules/left-pad/index.js' },
        {
          rule: 'composition-stays-below-handlers',
          from: 'lambdas/composition/bad.ts',
          to: 'lambdas/handlers/http/health.ts',
        },
        { rule: 'config-and-validation-are-leaves', from: 'lambdas/config.ts', to: 'lambdas/core/model.ts' },
        { rule: 'core-imports-only-core', from: 'lambdas/core/leaky.ts', to: 'fs' },
        {
          rule: 'core-imports-only-core',
          from: 'lambdas/core/leaky.ts',
          to: 'lambdas/adapters/postgres/database.ts',
        },
        {
          rule: 'core-imports-only-core',
          from: 'lambdas/core/leaky.ts',
          to: 'node_modules/left-pad/index.js',
        },
        {
          rule: 'entry-points-get-adapters-from-composition',
          from: 'scripts/quiet.ts',
          to: 'lambdas/adapters/postgres/database.ts',
        },
        {
          rule: 'handlers-reach-adapters-through-composition',
          from: 'lambdas/handlers/sqs/bad.ts',
          to: 'lambdas/adapters/postgres/database.ts',
        },
        // Also matches local-runtime-only-for-local-entry-points, which skips layers that ban it themselves.
        {
          rule: 'handlers-reach-adapters-through-composition',
          from: 'lambdas/handlers/sqs/bad.ts',
          to: 'lambdas/local-runtime/local-app.ts',
        },
        {
          rule: 'infra-imports-no-runtime-wiring',
          from: 'lib/bad.ts',
          to: 'lambdas/composition/database.ts',
        },
        {
          rule: 'lambdas-never-import-entry-points-or-tooling',
          from: 'lambdas/handlers/http/climbs.ts',
          to: 'lib/stack.ts',
        },
        {
          rule: 'local-runtime-only-for-local-entry-points',
          from: 'bin/migrate.ts',
          to: 'lambdas/local-runtime/local-app.ts',
        },
        {
          rule: 'no-circular-in-lambdas',
          from: 'lambdas/core/ping.ts',
          to: 'lambdas/core/pong.ts → lambdas/core/ping.ts',
        },
        {
          rule: 'no-unresolvable-project-import',
          from: 'lambdas/handlers/http/typo.ts',
          to: '../../composition/missing.ts',
        },
        { rule: 'web-content-is-a-leaf', from: 'lambdas/web-content/world.ts', to: 'lambdas/core/model.ts' },
      ];
      expect(listing(violationsOf(result))).toEqual(listing(expected));

      // A rule added to the config without a planted case here would go unproven.
      const { ruleSet } = await extractDepcruiseOptions(CONFIG);
      const configured = (ruleSet?.forbidden ?? []).map((rule) => rule.name).sort();
      expect([...new Set(expected.map((violation) => violation.rule))].sort()).toEqual(configured);
    });
  });
});
