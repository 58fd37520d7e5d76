/** One real PostgreSQL for the whole jest run; each test file makes its own database in it. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../lambdas/local-runtime/embedded-postgres-server.ts';
import { freePort } from '../../lambdas/local-runtime/free-port.ts';

export default async function globalSetup(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'momentarium-test-'));
  const server = await startEmbeddedPostgres({
    dataDir: join(root, 'pg'),
    port: await freePort(),
    persistent: false,
  });
  process.env.TEST_POSTGRES_URL = server.connectionString;
  (globalThis as { __momentariumPostgres__?: unknown }).__momentariumPostgres__ = server;
}
