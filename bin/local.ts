/**
 * `npm start`: Momentarium whole on one machine, no AWS account, no Docker, no Gemini key needed.
 * Data lives in .momentarium/ (or MOMENTARIUM_DATA_DIR) and survives restarts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { organizerConfig } from '../lambdas/config.ts';
import { startLocalApp } from '../lambdas/local-runtime/local-app.ts';

const settings = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
    HOST: z.string().default('127.0.0.1'),
    POSTGRES_PORT: z.coerce.number().int().min(0).max(65_535).default(0),
    MOMENTARIUM_DATA_DIR: z.string().default('.momentarium'),
  })
  .parse(process.env);

const dataDir = resolve(settings.MOMENTARIUM_DATA_DIR);
await mkdir(dataDir, { recursive: true });
const env = {
  ...process.env,
  LOCAL_JWT_SECRET: process.env.LOCAL_JWT_SECRET ?? (await localSecret(dataDir)),
};
const organizer = organizerConfig(env);

console.log(`Starting Momentarium (data in ${dataDir}) ...`);
const app = await startLocalApp({
  dataDir,
  port: settings.PORT,
  host: settings.HOST,
  postgresPort: settings.POSTGRES_PORT,
  env,
  persistent: true,
});

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping Momentarium ...`);
  await app.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

console.log(`
Momentarium is running at ${app.url}
  organizer: ${organizer.ORGANIZER === 'gemini' ? `Gemini (${organizer.GEMINI_MODEL})` : 'offline (set GEMINI_API_KEY to use Gemini)'}
  API:       ${app.url}/api/health
Press Ctrl+C to stop.
`);

/** A signing key for local sessions, made once and kept with the data so tokens survive restarts. */
async function localSecret(folder: string): Promise<string> {
  const file = `${folder}/local-jwt-secret`;
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing && existing.trim().length >= 32) return existing.trim();
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}
