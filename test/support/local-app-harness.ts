/** Starts the whole local app (as `npm start` does) in a temporary folder, and talks to it over HTTP. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import type { Env } from '../../lambdas/config.ts';
import { freePort } from '../../lambdas/local-runtime/free-port.ts';
import { type LocalApp, startLocalApp } from '../../lambdas/local-runtime/local-app.ts';
import { checkAnswer } from './openapi-contract.ts';

export interface Harness {
  app: LocalApp;
  dataDir: string;
  api(
    path: string,
    init?: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{
    status: number;
    body: any;
    headers: Headers;
  }>;
  signIn(username: string): Promise<{ token: string; userId: string }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(
  env: Env = {},
  options: {
    persistent?: boolean;
    visibilityTimeoutSeconds?: number;
    maxReceiveCount?: number;
    /** false: no pollers; the test hands queue messages to the handlers itself. */
    background?: boolean;
  } = {},
): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), 'momentarium-app-'));
  const port = await freePort();
  const start = async () =>
    startLocalApp({
      dataDir,
      port,
      postgresPort: await freePort(),
      persistent: options.persistent ?? false,
      logger: process.env.TEST_LOGS ? undefined : silentLogger,
      pollWaitSeconds: 1,
      visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 30,
      ...(options.maxReceiveCount ? { maxReceiveCount: options.maxReceiveCount } : {}),
      ...(options.background === false ? { background: false } : {}),
      env: { LOCAL_JWT_SECRET: 'test-secret-that-is-long-enough-0123456789', ORGANIZER: 'offline', ...env },
    });
  const harness: Harness = {
    app: await start(),
    dataDir,
    async api(path, init = {}) {
      const headers: Record<string, string> = { ...(init.headers ?? {}) };
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (init.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${harness.app.url}${path}`, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        headers,
        ...(init.body !== undefined
          ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
          : {}),
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {}
      checkAnswer(init.method ?? (init.body === undefined ? 'GET' : 'POST'), path, response.status, body);
      return { status: response.status, body, headers: response.headers };
    },
    async signIn(username) {
      const { status, body } = await harness.api('/api/local/sessions', { body: { username } });
      if (status !== 201) throw new Error(`sign-in failed: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    async restart() {
      await harness.app.stop();
      harness.app = await start();
    },
    async stop() {
      await harness.app.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Polls a job until it is completed or failed. */
export async function waitForJob(
  harness: Harness,
  token: string,
  jobId: string,
  timeoutMs = 60_000,
): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { body } = await harness.api(`/api/jobs/${jobId}/status`, { token });
    if (body.status === 'completed' || body.status === 'failed') return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
}

/** Requests upload URLs for the files and PUTs each one, as a client would. */
export async function uploadFiles(
  harness: Harness,
  token: string,
  files: { name: string; contentType: string; bytes: Buffer }[],
): Promise<string[]> {
  const { status, body } = await harness.api('/api/uploads/generate-urls', {
    token,
    body: {
      files: files.map((file) => ({
        name: file.name,
        contentType: file.contentType,
        size: file.bytes.length,
      })),
    },
  });
  if (status !== 200) throw new Error(`generate-urls failed: ${status} ${JSON.stringify(body)}`);
  await Promise.all(
    body.uploads.map(async (upload: { url: string; headers: Record<string, string> }, index: number) => {
      const file = files[index];
      if (!file) throw new Error('missing file');
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: file.bytes });
      if (!put.ok) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
    }),
  );
  return body.uploads.map((upload: { key: string }) => upload.key);
}
