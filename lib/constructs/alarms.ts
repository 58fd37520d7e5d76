/**
 * The few alarms that mean "a person should look": a job reached the dead-letter queue, the worker
 * crashed (an invocation error, not a per-record failure it reported), or the API answered 5xx.
 * They notify one SNS topic; an email subscription is added when `alarmEmail` is set.
 *
 * Egress: the worker reports every job's model outcome as metrics (lambdas/core/metric-names.ts);
 * when most jobs in half an hour fall back because the model could not be reached, the way out to the
 * internet (NAT, routes) is the likely cause, and jobs are quietly getting lesser albums.
 *
 * The NAT instance's alarms also act: a failed system status check recovers the instance onto healthy
 * hardware (same id, addresses and volume, so the routes stay valid), a failed instance check reboots
 * it (its rules are persisted, see Network). Status checks are published every minute at no charge.
 */
import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IAlarm,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Ec2Action, Ec2InstanceAction, SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Instance } from 'aws-cdk-lib/aws-ec2';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { JOB_METRICS, METRICS_NAMESPACE, SERVICE_NAME } from '../../lambdas/core/metric-names.ts';
import { acknowledge } from './nag.ts';

/** An EC2 metric of one instance (status checks are published every minute at no charge). */
export function instanceMetric(instance: Instance, metricName: string, statistic = 'Maximum'): Metric {
  return new Metric({
    namespace: 'AWS/EC2',
    metricName,
    dimensionsMap: { InstanceId: instance.instanceId },
    statistic,
    period: Duration.minutes(1),
  });
}

/** One of the worker's job metrics (Powertools adds the `service` dimension), summed per period. */
export function jobMetric(metricName: string, statistic = 'Sum'): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period: Duration.minutes(5),
  });
}

export interface AlarmsProps {
  readonly deadLetterQueue: IQueue;
  /** Storage notifications ingest could not handle after every delivery. */
  readonly ingestDeadLetterQueue: IQueue;
  readonly worker: IFunction;
  /** Scheduled functions by alarm name: each failed run (error or timeout) alarms. */
  readonly scheduled: Readonly<Record<string, IFunction>>;
  readonly httpApi: HttpApi;
  /** The NAT instance (natMode=instance); none with a NAT gateway, which AWS keeps available. */
  readonly natInstances: readonly Instance[];
  readonly email: string | undefined;
}

export class Alarms extends Construct {
  readonly topic: Topic;
  readonly alarms: IAlarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Momentarium alarms', enforceSSL: true });
    acknowledge(
      this.topic,
      'AwsSolutions-SNS2',
      'Alarm notifications carry only alarm names and metric values, no user data; encrypting them would ' +
        'need a customer-managed KMS key whose policy admits CloudWatch.',
    );
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));

    const fiveMinutes = Duration.minutes(5);
    const deadLetters = (alarmId: string, queue: IQueue, alarmDescription: string) =>
      this.add(
        new Alarm(this, alarmId, {
          alarmDescription,
          metric: queue.metricApproximateNumberOfMessagesVisible({
            period: fiveMinutes,
            statistic: 'Maximum',
          }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    deadLetters(
      'DeadLetters',
      props.deadLetterQueue,
      'A job message failed every delivery and is in the dead-letter queue.',
    );
    deadLetters(
      'IngestDeadLetters',
      props.ingestDeadLetterQueue,
      'An uploaded photo could not be read after every delivery: its notification is in the ingest ' +
        'dead-letter queue, and the photo stays unread until it is moved back.',
    );
    this.add(
      new Alarm(this, 'WorkerErrors', {
        alarmDescription: 'The worker function itself failed (crash or timeout), not just a reported record.',
        metric: props.worker.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const [name, fn] of Object.entries(props.scheduled)) {
      this.add(
        new Alarm(this, `${name}Errors`, {
          alarmDescription: `The scheduled ${name} run failed (an error or its timeout); the next scheduled run tries again.`,
          metric: fn.metricErrors({ period: Duration.hours(1), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
    this.add(
      new Alarm(this, 'Api5xx', {
        // A crashed or timed-out route function surfaces here too, as a 500/503 from API Gateway.
        alarmDescription: 'The HTTP API answered 5xx (handler errors, timeouts or database outages).',
        metric: props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 5,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.add(
      new Alarm(this, 'ModelUnreachable', {
        alarmDescription:
          'Most jobs in the last 30 minutes fell back to the offline organizer because Gemini (or the key ' +
          'in Secrets Manager) could not be reached: check the NAT, the routes and Gemini status.',
        metric: new MathExpression({
          expression: 'IF(unreachable >= 2 AND unreachable >= 0.5 * jobs, 1, 0)',
          usingMetrics: {
            unreachable: jobMetric(JOB_METRICS.unreachable),
            jobs: jobMetric(JOB_METRICS.completed),
          },
          period: Duration.minutes(30),
          label: 'Most jobs could not reach the model',
        }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    for (const nat of props.natInstances) this.healNat(nat);
  }

  private healNat(nat: Instance): void {
    const statusCheck = (metricName: string) => instanceMetric(nat, metricName);
    const recover = new Alarm(this, 'NatSystemCheck', {
      alarmDescription:
        'The NAT instance failed its system status check (AWS hardware or network): recovering it onto ' +
        'healthy hardware. Until then the worker cannot reach Gemini and organizes offline.',
      metric: statusCheck('StatusCheckFailed_System'),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      // Only a reported failure acts: no data (a stopped instance, the first minutes after a
      // replacement) must never trigger a recovery or a reboot.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    recover.addAlarmAction(new Ec2Action(Ec2InstanceAction.RECOVER));
    this.add(recover);
    const reboot = new Alarm(this, 'NatInstanceCheck', {
      alarmDescription:
        'The NAT instance failed its instance status check (its operating system): rebooting it; its ' +
        'forwarding rules are persisted and come back with it.',
      metric: statusCheck('StatusCheckFailed_Instance'),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    reboot.addAlarmAction(new Ec2Action(Ec2InstanceAction.REBOOT));
    this.add(reboot);
  }

  private add(alarm: Alarm): void {
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
