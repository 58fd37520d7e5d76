/**
 * Runs a bench module in its own Node process and talks to it over IPC. Separate processes keep the
 * measured code apart from the load generator (autocannon), and give each worker run its own peak
 * RSS (process.resourceUsage().maxRSS is a per-process high-water mark).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface Request {
  id: number;
  method: string;
  params: unknown;
}

type Reply = { id: number; result: unknown } | { id: number; error: string };

export interface ChildHandle {
  call<T>(method: string, params?: unknown): Promise<T>;
  /** Asks the child to clean up and exit; kills it (by its own handle) if it does not. */
  stop(): Promise<void>;
}

export function spawnChild(module: URL): ChildHandle {
  const child: ChildProcess = fork(fileURLToPath(module), [], {
    execPath: process.execPath,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      for (const waiter of pending.values())
        waiter.reject(new Error(`bench child exited (code ${code}, signal ${signal}) before answering`));
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if ('error' in message) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  });

  return {
    call<T>(method: string, params?: unknown): Promise<T> {
      if (exited) return Promise.reject(new Error('bench child has exited'));
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, method, params } satisfies Request);
      });
    },
    async stop() {
      if (exited) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      try {
        await Promise.race([this.call('stop').catch(() => undefined), exit]);
        await exit;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The child side: answers the parent's calls with `handlers`. `stop` is always available; it runs
 * the optional cleanup, answers, and exits.
 */
export function serveParent(
  handlers: Record<string, (params: unknown) => Promise<unknown>>,
  cleanup: () => Promise<void> = async () => {},
): void {
  const send = (reply: Reply) => process.send?.(reply);
  process.on('message', (request: Request) => {
    if (request.method === 'stop') {
      cleanup()
        .catch((error: unknown) => console.error('bench child cleanup failed:', error))
        .finally(() => {
          send({ id: request.id, result: null });
          // Let the IPC reply flush before leaving.
          setImmediate(() => process.exit(0));
        });
      return;
    }
    const handler = handlers[request.method];
    if (!handler) {
      send({ id: request.id, error: `unknown method ${request.method}` });
      return;
    }
    handler(request.params).then(
      (result) => send({ id: request.id, result }),
      (error: unknown) =>
        send({
          id: request.id,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
    );
  });
  // The parent died: nothing left to serve.
  process.on('disconnect', () => {
    cleanup().finally(() => process.exit(1));
  });
}
