import type { HealthProbe } from '../ports.ts';

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { status: 'ok' | 'error'; latencyMs: number; error?: string }>;
}

/** Runs every probe with a deadline; one failing probe degrades the report rather than throwing. */
export async function checkHealth(probes: HealthProbe[], timeoutMs = 2000): Promise<HealthReport> {
  const entries = await Promise.all(
    probes.map(async (probe) => {
      const started = performance.now();
      try {
        await withTimeout(probe.check(), timeoutMs);
        return [probe.name, { status: 'ok' as const, latencyMs: Math.round(performance.now() - started) }];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [
          probe.name,
          { status: 'error' as const, latencyMs: Math.round(performance.now() - started), error: message },
        ];
      }
    }),
  );
  const checks = Object.fromEntries(entries) as HealthReport['checks'];
  const ok = Object.values(checks).every((check) => check.status === 'ok');
  return { status: ok ? 'ok' : 'degraded', checks };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
