import type { HealthProbe } from '../../lambdas/core/ports.ts';
import { checkHealth } from '../../lambdas/core/use-cases/check-health.ts';

const answers = (name: string): HealthProbe => ({ name, check: async () => {} });
const fails = (name: string, error: unknown): HealthProbe => ({
  name,
  check: async () => {
    throw error;
  },
});
const hangs = (name: string): HealthProbe => ({ name, check: () => new Promise<void>(() => {}) });

describe('checkHealth', () => {
  it('reports ok, with each probe and how long it took, when every probe answers', async () => {
    const report = await checkHealth([answers('database'), answers('queue')]);
    expect(report).toEqual({
      status: 'ok',
      checks: {
        database: { status: 'ok', latencyMs: expect.any(Number) },
        queue: { status: 'ok', latencyMs: expect.any(Number) },
      },
    });
    for (const check of Object.values(report.checks)) {
      expect(Number.isInteger(check.latencyMs) && check.latencyMs >= 0).toBe(true);
    }
  });

  it('degrades the report instead of throwing when a probe fails, naming the probe and its error', async () => {
    const report = await checkHealth([
      answers('queue'),
      fails(
        'database',
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
      ),
    ]);
    expect(report).toEqual({
      status: 'degraded',
      checks: {
        queue: { status: 'ok', latencyMs: expect.any(Number) },
        database: {
          status: 'error',
          latencyMs: expect.any(Number),
          error: 'connect ECONNREFUSED 10.0.0.5:5432',
        },
      },
    });
  });

  it('reports what was thrown when a probe throws something other than an Error', async () => {
    const report = await checkHealth([fails('database', 'socket hang up')]);
    expect(report.checks.database).toMatchObject({ status: 'error', error: 'socket hang up' });
  });

  it('gives up on a probe that does not answer by the deadline, and still reports the others', async () => {
    const report = await checkHealth([hangs('database'), answers('queue')], 25);
    expect(report.status).toBe('degraded');
    expect(report.checks.database).toMatchObject({ status: 'error', error: 'no answer within 25 ms' });
    expect(report.checks.database?.latencyMs).toBeGreaterThanOrEqual(20);
    expect(report.checks.queue).toMatchObject({ status: 'ok' });
  });

  it('waits for a slow probe that answers within the deadline', async () => {
    const slow: HealthProbe = {
      name: 'database',
      check: () => new Promise((resolve) => setTimeout(resolve, 30)),
    };
    const report = await checkHealth([slow], 1000);
    expect(report).toMatchObject({ status: 'ok', checks: { database: { status: 'ok' } } });
    expect(report.checks.database?.latencyMs).toBeGreaterThanOrEqual(25);
  });

  it('reports ok with nothing to check', async () => {
    expect(await checkHealth([])).toEqual({ status: 'ok', checks: {} });
  });
});
