#!/usr/bin/env node
// @ts-check
/**
 * `momentarium`: the command-line client of the Momentarium API (docs/cli.md). Plain JavaScript with
 * no dependencies, so it runs on the `node` users have (≥ 20), not only on the project's Node 24; it
 * talks to the API only over HTTP, as docs/openapi.json describes it.
 */
import { realpath, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { createApiClient } from './api-client.js';
import { commandHelp, intOption, mainHelp, parseCommandLine } from './args.js';
import { configDir, loadConfig, resolveTarget, saveConfig, tokenSubject } from './config.js';
import { AuthError, CliError, EXIT, UsageError } from './errors.js';
import { readLimits } from './limits.js';
import { fetchAlbums, organizeFolder, outcomeOf, UUID, waitForJob } from './organize.js';
import { albumLines, createProgress, jobLines, uploadLines } from './output.js';
import { uploadFolder } from './upload.js';
import { openUploadState } from './upload-state.js';

const [major] = process.versions.node.split('.').map(Number);
if ((major ?? 0) < 20) {
  process.stderr.write(`momentarium needs Node.js 20 or later; this is ${process.version}.\n`);
  process.exit(EXIT.failure);
}

/** Ctrl+C once: finish the files in flight, save, and stop. Twice: stop at once. */
let interrupts = 0;
const stopped = () => interrupts > 0;
process.on('SIGINT', () => {
  if (++interrupts > 1) process.exit(EXIT.interrupted);
  process.stderr.write('\nStopping after what is in flight (Ctrl+C again to quit at once)…\n');
});

process.exitCode = await main(process.argv.slice(2), process.env);

/**
 * @param {string[]} argv @param {NodeJS.ProcessEnv} env
 * @returns {Promise<number>} the exit code
 */
async function main(argv, env) {
  const json = argv.includes('--json');
  const progress = createProgress(process.stderr);
  /** @param {Record<string, unknown>} result @param {string[]} lines @param {number} exitCode */
  const finish = (result, lines, exitCode) => {
    if (json) process.stdout.write(`${JSON.stringify({ exitCode, ...result }, null, 2)}\n`);
    else if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
    return exitCode;
  };

  try {
    const line = parseCommandLine(argv);
    if (line.help) {
      process.stdout.write(`${line.command ? commandHelp(line.command) : mainHelp()}\n`);
      return EXIT.ok;
    }
    const command = /** @type {string} */ (line.command);
    const { options, positionals } = line;
    const dir = configDir(env);
    const config = await loadConfig(dir);
    const target = resolveTarget(options, env, config);
    if (!target.api)
      throw new UsageError(
        `--api must be an https URL (plain http only for this machine, e.g. http://localhost:3000), not "${target.rawApi}"`,
        command,
      );
    const api = target.api;
    const client = createApiClient({ api, token: target.token });
    const timeoutMs =
      intOption(options.timeout, 'timeout', { min: 1, max: 86_400, fallback: 1_800, command }) * 1000;
    const concurrency = intOption(options.concurrency, 'concurrency', {
      min: 1,
      max: 16,
      fallback: 4,
      command,
    });

    if (command === 'login') {
      const saved = await login(options, env, api);
      config.sessions[api] = { ...saved, savedAt: new Date().toISOString() };
      config.defaultApi = api;
      await saveConfig(dir, config);
      const who = saved.username ? ` as ${saved.username}` : '';
      return finish({ api, username: saved.username ?? null }, [`Signed in to ${api}${who}.`], EXIT.ok);
    }
    if (command === 'logout') {
      const had = Boolean(config.sessions[api]);
      delete config.sessions[api];
      await saveConfig(dir, config);
      return finish(
        { api },
        [had ? `Signed out of ${api}.` : `There was no saved token for ${api}.`],
        EXIT.ok,
      );
    }
    if (command === 'albums') {
      const albums = await fetchAlbums(client);
      return finish({ albums }, albumLines(albums), EXIT.ok);
    }
    if (command === 'status') {
      const jobId = positionals.jobId ?? '';
      if (!UUID.test(jobId)) throw new UsageError(`"${jobId}" is not a job id (a UUID)`, command);
      const job = options.wait
        ? await waitForJob(client, jobId, { timeoutMs, progress, stopped })
        : (await client.request(`/api/jobs/${jobId}/status`)).body;
      progress.done();
      const outcome = outcomeOf(job);
      return finish({ job: outcome }, jobLines([outcome]), jobExitCode([outcome]));
    }

    // upload and organize: a folder, and its upload state for this API and account.
    const folder = await folderOf(positionals.folder ?? '', command);
    // A cheap authorized call first, so a bad token is said before minutes of hashing.
    await client.request('/api/settings');
    const limits = await readLimits(client);
    const user = tokenSubject(/** @type {string} */ (target.token));
    const state = await openUploadState(dir, { api, user, folder });
    try {
      const { result, lines, exitCode } = await uploadAndOrganize({
        command,
        options,
        client,
        state,
        limits,
        folder,
        concurrency,
        timeoutMs,
        progress,
      });
      return finish(result, lines, exitCode);
    } finally {
      await state.close();
    }
  } catch (error) {
    progress.done();
    return fail(error, json);
  }
}

/**
 * `upload` (and then, with --organize or --wait, organizing) or `organize`, on a folder whose state is open.
 * @param {{ command: string, options: Record<string, string | boolean | undefined>,
 *   client: import('./api-client.js').ApiClient, state: import('./upload-state.js').UploadState,
 *   limits: import('./limits.js').Limits, folder: string, concurrency: number, timeoutMs: number,
 *   progress: import('./output.js').Progress }} context
 * @returns {Promise<{ result: Record<string, unknown>, lines: string[], exitCode: number }>}
 */
async function uploadAndOrganize({
  command,
  options,
  client,
  state,
  limits,
  folder,
  concurrency,
  timeoutMs,
  progress,
}) {
  const wait = options.wait === true;
  /** @type {import('./upload.js').UploadSummary | null} */
  let upload = null;
  if (command === 'upload') {
    upload = await uploadFolder({ client, state, limits, folder, concurrency, progress, stopped });
    if (stopped()) {
      progress.line(
        `Interrupted: ${upload.notReached} photo(s) not sent yet. Run the same command again to send the rest.`,
      );
      return {
        result: { interrupted: true, upload },
        lines: uploadLines(upload),
        exitCode: EXIT.interrupted,
      };
    }
    if (!options.organize && !wait) {
      return { result: { upload }, lines: uploadLines(upload), exitCode: uploadExitCode(upload) };
    }
  }

  const organized = await organizeFolder({ client, state, limits, wait, timeoutMs, progress, stopped });
  const albums = wait && !organized.interrupted ? await fetchAlbums(client) : null;
  const nothing =
    state.files.size === 0
      ? `Nothing to organize: no photo of this folder has been uploaded (momentarium upload ${folder}).`
      : 'Nothing to organize: every photo uploaded from this folder is organized.';
  const lines = [
    ...(upload ? uploadLines(upload) : []),
    ...(organized.jobs.length === 0 ? [nothing] : jobLines(organized.jobs)),
    ...(organized.needUpload.length > 0
      ? [`No longer found in storage, upload again: ${organized.needUpload.join(', ')}`]
      : []),
    ...(albums ? albumLines(albums) : []),
  ];
  const result = { upload, jobs: organized.jobs, needUpload: organized.needUpload, albums };
  if (organized.interrupted) {
    progress.line(
      'Interrupted: organizing goes on without you. Run "momentarium organize" again to follow it.',
    );
    return { result: { interrupted: true, ...result }, lines, exitCode: EXIT.interrupted };
  }
  const exitCode = worst(
    jobExitCode(organized.jobs),
    upload ? uploadExitCode(upload) : EXIT.ok,
    organized.needUpload.length > 0 ? EXIT.partial : EXIT.ok,
  );
  return { result, lines, exitCode };
}

/** @param {string} folder @param {string} command */
async function folderOf(folder, command) {
  try {
    const path = await realpath(folder);
    if ((await stat(path)).isDirectory()) return path;
  } catch {}
  throw new UsageError(`"${folder}" is not a folder`, command);
}

/**
 * @param {Record<string, string | boolean | undefined>} options @param {NodeJS.ProcessEnv} env @param {string} api
 * @returns {Promise<{ token: string, username?: string }>}
 */
async function login(options, env, api) {
  if (typeof options.token === 'string') {
    const token = options.token === '-' ? (await readStandardInput()).trim() : options.token.trim();
    if (!token) throw new UsageError('the token is empty', 'login');
    // Saved only once the API has accepted it (401 → exit 4, nothing saved).
    await createApiClient({ api, token }).request('/api/settings');
    return { token };
  }
  const username =
    (typeof options.username === 'string' && options.username) || env.USER || userInfo().username;
  const client = createApiClient({ api, token: null });
  try {
    const { body } = await client.request('/api/local/sessions', { body: { username }, authorized: false });
    return { token: body.token, username: body.username };
  } catch (error) {
    if (error instanceof CliError && 'status' in error && error.status === 404) {
      throw new AuthError(
        `${api} has no local sign-in (it runs in AWS): sign in on its web page, then save the token with ` +
          '"momentarium login --token -" (docs/cli.md says how to copy it).',
      );
    }
    throw error;
  }
}

async function readStandardInput() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** @param {import('./upload.js').UploadSummary} upload */
function uploadExitCode(upload) {
  return upload.skipped.length > 0 || upload.failed.length > 0 ? EXIT.partial : EXIT.ok;
}

/** A failure (1) outranks a partial result (3), which outranks success. @param {number[]} codes */
function worst(...codes) {
  if (codes.includes(EXIT.failure)) return EXIT.failure;
  return codes.includes(EXIT.partial) ? EXIT.partial : EXIT.ok;
}

/** @param {import('./organize.js').JobOutcome[]} jobs */
function jobExitCode(jobs) {
  if (jobs.some((job) => job.status === 'failed')) return EXIT.failure;
  if (jobs.some((job) => job.rejected.length > 0)) return EXIT.partial;
  return EXIT.ok;
}

/** The error in words on standard error (and as JSON with --json); never a stack. @param {unknown} error @param {boolean} json */
function fail(error, json) {
  const known = error instanceof CliError;
  const message = known
    ? error.message
    : `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
  const exitCode = known ? error.exitCode : EXIT.failure;
  process.stderr.write(`momentarium: ${message}\n`);
  if (error instanceof UsageError) {
    process.stderr.write(`Run "momentarium ${error.command ? `${error.command} ` : ''}--help" for usage.\n`);
  }
  if (process.env.MOMENTARIUM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  if (json) {
    const code = known ? error.code : 'unexpected';
    process.stdout.write(`${JSON.stringify({ exitCode, error: { code, message } }, null, 2)}\n`);
  }
  return exitCode;
}
