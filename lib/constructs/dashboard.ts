/**
 * One CloudWatch dashboard for the operator: what users got (jobs, photos, albums by the model or
 * not), what the model cost and how long it took, whether the machinery is healthy (worker, queue,
 * API, NAT), and every alarm's state. Job metrics come from the worker through Powertools Metrics
 * (lambdas/core/metric-names.ts); the rest are the services' own.
 *
 * Cost: $3 a month (CloudWatch's first 3 dashboards are free).
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  MathExpression,
  SingleValueWidget,
  Stats,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { Instance } from 'aws-cdk-lib/aws-ec2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_METRICS } from '../../lambdas/core/metric-names.ts';
import { instanceMetric, jobMetric } from './alarms.ts';

export interface OperationsDashboardProps {
  readonly worker: IFunction;
  readonly jobQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  readonly ingest: IFunction;
  readonly ingestQueue: IQueue;
  readonly httpApi: HttpApi;
  readonly natInstances: readonly Instance[];
  readonly alarms: readonly IAlarm[];
}

export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const hour = Duration.hours(1);
    const fiveMinutes = Duration.minutes(5);
    const sum = (name: string, label: string) => jobMetric(name).with({ label, period: hour });
    const graph = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 8, height: 6 });
    /** A function's invocations and errors (and `more`), with its p90 duration on the right axis. */
    const functionGraph = (title: string, fn: IFunction, more: IMetric[]) =>
      graph(
        title,
        [
          fn.metricInvocations({ label: 'invocations', period: hour }),
          fn.metricErrors({ label: 'errors', period: hour }),
          ...more,
        ],
        [fn.metricDuration({ statistic: Stats.p(90), label: 'duration p90 (ms)', period: hour })],
      );

    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      graph('Jobs per hour', [sum(JOB_METRICS.completed, 'completed'), sum(JOB_METRICS.failed, 'failed')]),
      graph('Photos per hour', [sum(JOB_METRICS.photos, 'organized'), sum(JOB_METRICS.rejected, 'rejected')]),
      graph('Jobs the model did not organize', [
        sum(JOB_METRICS.fallbacks, 'fell back (any reason)'),
        sum(JOB_METRICS.unreachable, 'model unreachable'),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Model call time (retries included)', [
        jobMetric(JOB_METRICS.latency, Stats.p(50)).with({ label: 'p50', period: hour }),
        jobMetric(JOB_METRICS.latency, Stats.p(90)).with({ label: 'p90', period: hour }),
        jobMetric(JOB_METRICS.latency, Stats.MAXIMUM).with({ label: 'max', period: hour }),
      ]),
      graph('Tokens per hour', [
        sum(JOB_METRICS.inputTokens, 'input (prompt, images)'),
        sum(JOB_METRICS.outputTokens, 'output (answer, thinking)'),
      ]),
      new SingleValueWidget({
        title: 'Model cost at list price (USD)',
        metrics: [
          jobMetric(JOB_METRICS.costUsd).with({ label: 'latest day (UTC)', period: Duration.days(1) }),
          new MathExpression({
            expression: '1000 * cost / photos',
            usingMetrics: { cost: jobMetric(JOB_METRICS.costUsd), photos: jobMetric(JOB_METRICS.photos) },
            period: Duration.days(1),
            label: 'per 1,000 photos (latest day)',
          }),
        ],
        width: 8,
        height: 6,
      }),
    );
    this.dashboard.addWidgets(
      functionGraph('Worker', props.worker, [
        props.worker.metricThrottles({ label: 'throttles', period: hour }),
      ]),
      graph('Queue', [
        props.jobQueue.metricApproximateNumberOfMessagesVisible({ label: 'waiting', statistic: 'Maximum' }),
        props.jobQueue.metricApproximateAgeOfOldestMessage({ label: 'oldest (s)', statistic: 'Maximum' }),
        props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
          label: 'dead letters',
          statistic: 'Maximum',
        }),
      ]),
      graph(
        'API',
        [
          props.httpApi.metricCount({ label: 'requests', period: hour }),
          props.httpApi.metricClientError({ label: '4xx', period: hour }),
          props.httpApi.metricServerError({ label: '5xx', period: hour }),
        ],
        [props.httpApi.metricLatency({ statistic: Stats.p(90), label: 'latency p90 (ms)', period: hour })],
      ),
    );
    this.dashboard.addWidgets(
      functionGraph('Ingest (photos read as they land)', props.ingest, [
        props.ingestQueue.metricApproximateNumberOfMessagesVisible({
          label: 'waiting',
          statistic: 'Maximum',
        }),
      ]),
    );
    if (props.natInstances.length > 0) {
      this.dashboard.addWidgets(
        new GraphWidget({
          title: 'NAT instance',
          left: props.natInstances.flatMap((nat) => [
            instanceMetric(nat, 'StatusCheckFailed').with({
              label: 'status check failed',
              period: fiveMinutes,
            }),
            instanceMetric(nat, 'NetworkOut', 'Sum').with({ label: 'bytes out', period: fiveMinutes }),
          ]),
          width: 24,
          height: 4,
        }),
      );
    }
  }
}
