/**
 * Architecture rules for Momentarium, checked by dependency-cruiser.
 *
 * Layers, every import pointing down:
 *
 *   local runtime (lambdas/local-runtime/, bin/local.ts)   AWS infra (lib/, bin/momentarium.ts)
 *                        └──────────────┬──────────────────────────┘
 *                              handlers (lambdas/handlers/)
 *                                       │
 *                            composition (lambdas/composition/)
 *                                       │
 *                          adapters (lambdas/adapters/<tech>/)
 *                                       │
 *                                core (lambdas/core/)
 *
 * Beside the layers:
 * - lambdas/config.ts turns the process environment into typed settings. It is read at the edges that
 *   own a process: composition, handlers (lambda-entry.ts, the deploy-time migrator), the local runtime,
 *   bin/, scripts/, bench/ and test/. Core and adapters never read it (adapters take their settings as
 *   arguments from composition, so they work without an environment), and neither does lib/ (the CDK
 *   app has its own lib/config.ts). config.ts itself imports only validation.ts and npm packages.
 * - lambdas/validation.ts installs zod's English messages for its side effect. Anything outside core may
 *   import it; it imports only npm packages.
 * - lambdas/web-content/ makes files of the web app from npm packages (the world map's outlines) for
 *   the two things that serve the site: the CDK app's deployment (lib/) and the local runtime. It runs
 *   at build time, never in a Lambda, and imports only npm packages and Node built-ins.
 *
 * Paths are relative to the repository root. Run from the command line with
 *   npx depcruise lambdas lib bin cli scripts bench
 * or through test/architecture/architecture-rules.test.ts (part of `npm test`).
 */

/** Who may import lambdas/local-runtime/: itself and the things that start it (rule 5). */
const LOCAL_RUNTIME_USERS = ['^lambdas/local-runtime/', '^bin/local[.]ts$', '^scripts/', '^bench/', '^test/'];

/**
 * Modules whose own layer rule already forbids lambdas/local-runtime/. Rule 5 skips them so each bad
 * import is reported once, under the rule of the layer it breaks.
 */
const LAYERS_WITH_OWN_LOCAL_RUNTIME_BAN = [
  '^lambdas/core/',
  '^lambdas/adapters/',
  '^lambdas/composition/',
  '^lambdas/handlers/',
  '^lib/',
  '^bin/momentarium[.]ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment:
        'lambdas/core is the domain: pure TypeScript that runs and tests anywhere. It imports nothing outside ' +
        'lambdas/core — no npm package, no node: builtin, no other project folder. What it needs from the ' +
        'outside world it declares as a port (core/ports.ts) for an adapter to implement.',
      severity: 'error',
      from: { path: '^lambdas/core/' },
      to: { pathNot: '^lambdas/core/' },
    },
    {
      name: 'adapters-stay-below-composition',
      comment:
        'An adapter implements a core port with one technology. It may use core and npm packages, but it ' +
        'must not know who wires it (composition), who calls it (handlers), the local stand-ins ' +
        '(local-runtime), or the environment (lambdas/config.ts): composition passes its settings in.',
      severity: 'error',
      from: { path: '^lambdas/adapters/' },
      to: {
        path: [
          '^lambdas/handlers/',
          '^lambdas/composition/',
          '^lambdas/local-runtime/',
          '^lambdas/config[.]ts$',
        ],
      },
    },
    {
      name: 'handlers-reach-adapters-through-composition',
      comment:
        'A handler translates an event into a use-case call. It gets its adapters from lambdas/composition/ ' +
        '(the one place that chooses implementations), never by importing lambdas/adapters/ itself, and it ' +
        'must not depend on the local runtime, which is a caller of handlers, not a dependency.',
      severity: 'error',
      from: { path: '^lambdas/handlers/' },
      to: { path: ['^lambdas/adapters/', '^lambdas/local-runtime/'] },
    },
    {
      name: 'composition-stays-below-handlers',
      comment:
        'Composition builds the object graph that handlers use; importing a handler would point the arrow ' +
        'back up. The local runtime has its own composition root and is never a dependency of this one.',
      severity: 'error',
      from: { path: '^lambdas/composition/' },
      to: { path: ['^lambdas/handlers/', '^lambdas/local-runtime/'] },
    },
    {
      name: 'entry-points-get-adapters-from-composition',
      comment:
        'The local runtime, bin/, scripts/ and bench/ start or measure the app; like handlers they get ' +
        'their adapters from lambdas/composition/ (the one place that builds them), so every runtime is ' +
        'wired the same way. Tests may build adapters directly: that is what adapter tests are for.',
      severity: 'error',
      from: { path: ['^lambdas/local-runtime/', '^bin/', '^scripts/', '^bench/'] },
      to: { path: '^lambdas/adapters/' },
    },
    {
      name: 'local-runtime-only-for-local-entry-points',
      comment:
        'lambdas/local-runtime/ holds the stand-ins for managed AWS services and the local composition ' +
        'root. Nothing deployed may depend on it: only the runtime itself, bin/local.ts, scripts/, bench/ ' +
        'and test/ import it. (Layers whose own rule already bans it are skipped here to report once.)',
      severity: 'error',
      from: { pathNot: [...LOCAL_RUNTIME_USERS, ...LAYERS_WITH_OWN_LOCAL_RUNTIME_BAN] },
      to: { path: '^lambdas/local-runtime/' },
    },
    {
      name: 'infra-imports-no-runtime-wiring',
      comment:
        'lib/ (and its entry bin/momentarium.ts) is the CDK app: it bundles Lambda code by path, it does ' +
        'not run it. It may import the route manifest lambdas/handlers/http/routes.ts and plain constants ' +
        'from core, but no other handler, no adapter, no composition and no local-runtime code — those ' +
        'pull SDK clients and side effects into `cdk synth`.',
      severity: 'error',
      from: { path: ['^lib/', '^bin/momentarium[.]ts$'] },
      to: {
        path: [
          '^lambdas/adapters/',
          '^lambdas/composition/',
          '^lambdas/local-runtime/',
          '^lambdas/handlers/',
          '^lambdas/config[.]ts$',
        ],
        pathNot: '^lambdas/handlers/http/routes[.]ts$',
      },
    },
    {
      name: 'cli-speaks-only-http',
      comment:
        'cli/ is the momentarium command: a client of the public HTTP API, run by whatever Node the user ' +
        'has. It imports only its own modules and Node built-ins — no npm package (it installs without ' +
        'any) and no project code (what it knows of the server, it learns from the API and its OpenAPI ' +
        'document).',
      severity: 'error',
      from: { path: '^cli/' },
      to: { pathNot: '^cli/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'lambdas-never-import-entry-points-or-tooling',
      comment:
        'Everything in lambdas/ sits below the entry points: bin/, lib/, scripts/, bench/ and test/ may ' +
        'import lambdas/, never the other way round (a Lambda bundle must not drag in CDK, bench or test code).',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: { path: ['^bin/', '^cli/', '^lib/', '^scripts/', '^bench/', '^test/'] },
    },
    {
      name: 'config-and-validation-are-leaves',
      comment:
        'lambdas/config.ts and lambdas/validation.ts sit beside the layers and are imported from several ' +
        'of them, so they import no project code themselves (config.ts may import validation.ts); ' +
        'anything more would point an arrow up from wherever they are used.',
      severity: 'error',
      from: { path: ['^lambdas/config[.]ts$', '^lambdas/validation[.]ts$'] },
      to: {
        path: ['^lambdas/', '^lib/', '^bin/', '^scripts/', '^bench/', '^test/'],
        pathNot: '^lambdas/validation[.]ts$',
      },
    },
    {
      name: 'web-content-is-a-leaf',
      comment:
        'lambdas/web-content/ is imported by lib/ (cdk synth) and the local runtime to make files the site ' +
        'serves. It uses npm packages and Node built-ins only: any project import would pull runtime code ' +
        'into `cdk synth` or point an arrow up from the local runtime.',
      severity: 'error',
      from: { path: '^lambdas/web-content/' },
      to: {
        path: ['^lambdas/', '^lib/', '^bin/', '^scripts/', '^bench/', '^test/'],
        pathNot: '^lambdas/web-content/',
      },
    },
    {
      name: 'no-circular-in-lambdas',
      comment:
        'A cycle among lambdas/ modules makes load order matter, blurs which layer owns what, and keeps ' +
        'esbuild from dropping unused modules. Type-only imports count too: they still tie the modules.',
      severity: 'error',
      from: { path: '^lambdas/' },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable-project-import',
      comment:
        'Every rule above matches resolved paths; a relative import that does not resolve would slip past ' +
        'all of them, so it is an error of its own (it is also a bug tsc would report).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, path: '^[.]' },
    },
  ],
  options: {
    // npm packages are leaves: an import of one is recorded (rule 1 needs that) but not followed. Do not
    // add node_modules to `exclude`: excluded modules vanish as targets too, and core could then import
    // any package unnoticed (the synthetic-tree test in test/architecture/ checks this).
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^web/', '^cdk[.]out/'] },
    // Count `import type` too: a core module that imports a type from an adapter still depends on it.
    tsPreCompilationDeps: true,
    // Relative imports carry their .ts extension, so no tsconfig paths are needed to resolve them.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
