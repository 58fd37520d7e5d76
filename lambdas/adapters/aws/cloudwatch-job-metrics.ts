/**
 * Job reports as CloudWatch metrics, through Powertools for AWS Lambda's Metrics: the values are
 * written into the function's log as Embedded Metric Format, and CloudWatch extracts them (no API
 * call, no added latency). They are published when the invocation ends (the logMetrics middleware).
 */
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { JOB_METRICS } from '../../core/metric-names.ts';
import type { JobMetrics } from '../../core/ports.ts';

export function cloudWatchJobMetrics(metrics: Metrics): JobMetrics {
  return {
    jobFinished(report) {
      const count = (name: string, value: number) => metrics.addMetric(name, MetricUnit.Count, value);
      count(report.outcome === 'completed' ? JOB_METRICS.completed : JOB_METRICS.failed, 1);
      count(JOB_METRICS.photos, report.photos);
      count(JOB_METRICS.rejected, report.rejected);
      if (report.outcome !== 'completed') return;
      // Zeros too: the alarm divides unreachable by jobs, and needs every job in both series.
      count(JOB_METRICS.fallbacks, report.fallback ? 1 : 0);
      count(JOB_METRICS.unreachable, report.modelUnreachable ? 1 : 0);
      if (report.modelMs !== undefined)
        metrics.addMetric(JOB_METRICS.latency, MetricUnit.Milliseconds, report.modelMs);
      if (report.usage) {
        count(JOB_METRICS.inputTokens, report.usage.promptTokens);
        count(JOB_METRICS.outputTokens, report.usage.outputTokens);
        if (report.usage.estimatedCostUsd !== undefined)
          metrics.addMetric(JOB_METRICS.costUsd, MetricUnit.NoUnit, report.usage.estimatedCostUsd);
      }
    },
  };
}

/** For the local runtime and tests: the numbers are already in the job's status and the logs. */
export const noJobMetrics: JobMetrics = { jobFinished() {} };
