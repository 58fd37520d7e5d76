import type { RunningPostgres } from '../../lambdas/local-runtime/embedded-postgres-server.ts';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __momentariumPostgres__?: RunningPostgres }).__momentariumPostgres__;
  await server?.stop();
}
