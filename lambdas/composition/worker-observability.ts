/**
 * What the worker adds to logging in AWS, from Powertools for AWS Lambda: job metrics (Embedded Metric
 * Format, published as each invocation ends) and X-Ray tracing of its AWS SDK calls and of the Gemini
 * request (Tracer instruments fetch). Only the worker uses these: it is where the time goes (reading
 * photos, the model call) and where an egress problem shows; the API's functions stay small.
 *
 * Outside Lambda both are off: metrics go nowhere and the tracer hands clients back unchanged.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';
import { cloudWatchJobMetrics, noJobMetrics } from '../adapters/aws/cloudwatch-job-metrics.ts';
import type { Env } from '../config.ts';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../core/metric-names.ts';
import type { JobMetrics } from '../core/ports.ts';
import { rootLogger } from './logging.ts';

let metrics: Metrics | undefined;
let tracer: Tracer | undefined;

function workerMetrics(): Metrics {
  metrics ??= new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  return metrics;
}

function workerTracer(): Tracer {
  tracer ??= new Tracer({ serviceName: SERVICE_NAME });
  return tracer;
}

/** CloudWatch job metrics in Lambda; none elsewhere (the job's status already says it all). */
export function jobMetrics(env: Env): JobMetrics {
  return env.AWS_LAMBDA_FUNCTION_NAME ? cloudWatchJobMetrics(workerMetrics()) : noJobMetrics;
}

/** An AWS SDK client whose calls appear as X-Ray subsegments (unchanged outside Lambda). */
export function traced<T>(client: T): T {
  return workerTracer().captureAWSv3Client(client);
}

/**
 * Publishes what the invocation recorded, and only then: a delivery that reported no job (busy
 * elsewhere, handed back) is not an event, and Powertools' own logMetrics middleware would log a
 * warning for each of those.
 */
function publishJobMetrics(): MiddlewareObj {
  const publish = async () => {
    const recorded = workerMetrics();
    if (recorded.hasStoredMetrics()) recorded.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}

/** The worker entry's middlewares: request id on log lines, metrics published, the handler traced. */
export function workerMiddlewares(): MiddlewareObj[] {
  return [
    injectLambdaContext(rootLogger()),
    publishJobMetrics(),
    captureLambdaHandler(workerTracer()),
  ] as MiddlewareObj[];
}
