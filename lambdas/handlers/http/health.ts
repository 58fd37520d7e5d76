import { checkHealth } from '../../core/use-cases/check-health.ts';
import { type DependenciesOf, lambdaRoute } from '../lambda-entry.ts';
import { httpRoute, json } from '../middleware/http.ts';

/** GET /api/health — public; 503 when the database is unreachable so load balancers and probes notice. */
export function create(deps: DependenciesOf<'health'>) {
  return httpRoute(deps.logger, async () => {
    const report = await checkHealth(deps.healthProbes);
    return json(report.status === 'ok' ? 200 : 503, { ...report, time: deps.clock.now().toISOString() });
  });
}

export const handler = lambdaRoute('health', create);
