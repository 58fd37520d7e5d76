// @ts-check
/** The command line: commands, their options, and the help text. node:util's parseArgs, nothing else. */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** @typedef {{ type: 'string' | 'boolean', short?: string }} OptionSpec */

/** @type {Record<string, OptionSpec>} */
const GLOBAL_OPTIONS = {
  api: { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

const WAIT = /** @type {const} */ ({
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
});

/**
 * Each command: its positional arguments, its own options, and one line of help per option.
 * @type {Record<string, { args: string[], options: Record<string, OptionSpec>, summary: string, details: string }>}
 */
export const COMMANDS = {
  login: {
    args: [],
    options: { username: { type: 'string', short: 'u' } },
    summary: 'sign in (local runtime) or save a token (AWS)',
    details: `momentarium login [--username <name>] [--api <url>]
momentarium login --token <jwt | ->   (- reads the token from standard input)

Locally, signs in with a username (no password: the local runtime stands in for Cognito).
In AWS, saves a Cognito token you got from the web app (see docs/cli.md) after checking
the API accepts it. The token is stored for that API only, in a file only you can read.`,
  },
  logout: {
    args: [],
    options: {},
    summary: 'forget the token saved for the API',
    details: 'momentarium logout [--api <url>]',
  },
  upload: {
    args: ['folder'],
    options: { organize: { type: 'boolean' }, concurrency: { type: 'string' }, ...WAIT },
    summary: 'upload the photos of a folder and its subfolders',
    details: `momentarium upload <folder> [--organize] [--wait] [--concurrency <1-16>]

Hashes every photo (JPEG, PNG, WebP, HEIC/HEIF; hidden files and folders are skipped),
skips what is already in your library or was uploaded by an earlier run, and uploads
the rest, 4 at a time by default. Interrupted? Run the same command again: only what
did not land is uploaded.
  --organize     then organize what this folder uploaded (jobs of at most the API's limit)
  --wait         wait for organizing to finish and print the albums (implies --organize)
  --timeout <s>  give up waiting after this many seconds (default 1800)`,
  },
  organize: {
    args: ['folder'],
    options: { ...WAIT },
    summary: "organize a folder's uploaded photos into albums",
    details: `momentarium organize <folder> [--wait] [--timeout <s>]

Organizes the photos of <folder> that were uploaded (or found in your library) and not
organized yet. More photos than one job takes become several jobs, one after another,
so later photos join the albums of earlier ones.`,
  },
  status: {
    args: ['jobId'],
    options: { ...WAIT },
    summary: "show a job's status",
    details: 'momentarium status <jobId> [--wait] [--timeout <s>]',
  },
  albums: {
    args: [],
    options: {},
    summary: 'list your albums',
    details: 'momentarium albums',
  },
};

export const EXIT_CODES_HELP = `Exit codes:
  0  success
  1  failure: a job failed, or the API could not be reached or answered an error
  2  usage error
  3  partial: some files were skipped, failed to upload or could not be read (named in the output)
  4  not signed in, or the token was rejected`;

export function mainHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: momentarium <command> [options]

${lines.join('\n')}

Options for every command:
  --api <url>    the Momentarium site or API (env MOMENTARIUM_API; default: the last
                 one you signed in to, else http://localhost:3000)
  --token <jwt>  use this token (env MOMENTARIUM_TOKEN) instead of the saved one
  --json         print one JSON object on standard output, for scripts
  -h, --help     help (momentarium <command> --help)

${EXIT_CODES_HELP}`;
}

/** @param {string} name */
export function commandHelp(name) {
  const command = COMMANDS[name];
  if (!command) return mainHelp();
  return `${command.details}\n\nAlso: --api <url>, --token <jwt>, --json, --help.\n\n${EXIT_CODES_HELP}`;
}

/**
 * @typedef {{ command: string | null, help: boolean, positionals: Record<string, string>,
 *   options: Record<string, string | boolean | undefined> }} CommandLine
 */

/**
 * @param {string[]} argv the arguments after `momentarium`
 * @returns {CommandLine}
 */
export function parseCommandLine(argv) {
  // First pass, knowing every option of every command, only to find the command among the words
  // (so `--api <url> upload` reads the URL as the option's value, not as the command).
  const everyOption = Object.assign({}, GLOBAL_OPTIONS, ...Object.values(COMMANDS).map((c) => c.options));
  const first = parseArgs({ args: argv, options: everyOption, allowPositionals: true, strict: false });
  const name = first.positionals[0] ?? null;
  const command = name === null ? null : COMMANDS[name];
  if (name !== null && !command) throw new UsageError(`unknown command "${name}"`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...GLOBAL_OPTIONS, ...command?.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message = String(/** @type {{ message?: unknown }} */ (error)?.message ?? error);
    const unknown = /^Unknown option '([^']+)'/.exec(message)?.[1];
    throw new UsageError(unknown ? `unknown option ${unknown}` : message, name ?? undefined);
  }
  const options = /** @type {Record<string, string | boolean | undefined>} */ (parsed.values);
  const help = options.help === true;
  if (name === null || !command) {
    if (!help) throw new UsageError('no command given');
    return { command: null, help, positionals: {}, options };
  }
  const rest = parsed.positionals.slice(1);
  if (!help) {
    const missing = command.args.slice(rest.length);
    if (missing.length > 0) throw new UsageError(`missing <${missing.join('>, <')}>`, name);
    if (rest.length > command.args.length) {
      throw new UsageError(`unexpected argument "${rest[command.args.length]}"`, name);
    }
  }
  /** @type {Record<string, string>} */
  const positionals = {};
  command.args.forEach((arg, index) => {
    const value = rest[index];
    if (value !== undefined) positionals[arg] = value;
  });
  return { command: name, help, positionals, options };
}

/**
 * A whole number option within bounds, or the default.
 * @param {string | boolean | undefined} value @param {string} name
 * @param {{ min: number, max: number, fallback: number, command: string }} bounds
 */
export function intOption(value, name, { min, max, fallback, command }) {
  if (value === undefined) return fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`, command);
  }
  return number;
}
