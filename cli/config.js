// @ts-check
/**
 * Where the CLI keeps what it must remember: saved tokens (config.json) and each folder's upload state
 * (uploads/), under $XDG_CONFIG_HOME/momentarium or ~/.config/momentarium. The folder is 0700 and
 * the files 0600: a token is as good as a password while it lasts.
 */
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_API = 'http://localhost:3000';

/** @param {NodeJS.ProcessEnv} env */
export function configDir(env) {
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'momentarium');
}

/**
 * The API's base URL: the site URL and CDK's `ApiUrl` output (which ends in /api/) both work. Plain
 * http only on this machine (the local runtime): elsewhere the token would cross the network readable.
 * @param {string} value
 */
export function normalizeApi(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || url.hostname.startsWith('127.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return null;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return `${url.origin}${path}`;
}

/** @typedef {{ token: string, username?: string, savedAt: string }} Session */
/** @typedef {{ defaultApi?: string, sessions: Record<string, Session> }} Config */

/** @param {string} dir @returns {Promise<Config>} */
export async function loadConfig(dir) {
  try {
    const parsed = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    return { defaultApi: parsed.defaultApi, sessions: parsed.sessions ?? {} };
  } catch {
    return { sessions: {} };
  }
}

/** @param {string} dir @param {Config} config */
export async function saveConfig(dir, config) {
  await writePrivate(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * Writes a file only its owner can read, atomically (a reader never sees half of it).
 * @param {string} path @param {string} text
 */
export async function writePrivate(path, text) {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
}

/**
 * Which API and token a command uses: the flag, else the environment, else what `login` saved. A saved
 * token is only ever sent to the API it was issued for.
 * @param {{ api?: unknown, token?: unknown }} options @param {NodeJS.ProcessEnv} env @param {Config} config
 */
export function resolveTarget(options, env, config) {
  const rawApi =
    (typeof options.api === 'string' && options.api) ||
    env.MOMENTARIUM_API ||
    config.defaultApi ||
    DEFAULT_API;
  const api = normalizeApi(rawApi);
  const token =
    (typeof options.token === 'string' && options.token) ||
    env.MOMENTARIUM_TOKEN ||
    (api ? config.sessions[api]?.token : undefined) ||
    null;
  return { api, rawApi, token };
}

/**
 * The token's subject, read without verifying (the API verifies): it only keys the upload state, so one
 * folder uploaded by two accounts keeps two states.
 * @param {string} token
 */
export function tokenSubject(token) {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.sub === 'string' ? payload.sub : 'unknown';
  } catch {
    return 'unknown';
  }
}
