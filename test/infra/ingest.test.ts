/**
 * Photos read as they land, in AWS: S3 notifies the ingest queue of originals only, the ingest
 * function takes small batches with per-record failures and bounded concurrency, may read originals
 * and write renditions and nothing else, and a notification that keeps failing raises an alarm.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { INGEST_NOTIFICATION } from '../../lambdas/core/upload-policy.ts';
import { buildApp, functionIdByDescription, resourcesOf } from './momentarium-app.ts';

let template: Template;
let ingestId: string;
beforeAll(() => {
  template = buildApp().template;
  ingestId = functionIdByDescription(template, 'Momentarium ingest');
});

function ingestQueueId(): string {
  const [id] = Object.entries(resourcesOf(template, 'AWS::SQS::Queue')).find(
    ([queueId, queue]) => queueId.startsWith('IngestNotifications') && queue.Properties.RedrivePolicy,
  ) as [string, unknown];
  return id;
}

test('S3 notifies the ingest queue of originals only: one filter per original name, renditions never match', () => {
  const [notifications] = Object.values(resourcesOf(template, 'Custom::S3BucketNotifications'));
  const configurations = notifications?.Properties.NotificationConfiguration.QueueConfigurations as any[];
  expect(configurations).toHaveLength(INGEST_NOTIFICATION.suffixes.length);
  const filters = configurations.map((configuration) => {
    expect(configuration.Events).toEqual(['s3:ObjectCreated:*']);
    expect(configuration.QueueArn).toEqual({ 'Fn::GetAtt': [ingestQueueId(), 'Arn'] });
    const rules = configuration.Filter.Key.FilterRules as { Name: string; Value: string }[];
    return Object.fromEntries(rules.map((rule) => [rule.Name.toLowerCase(), rule.Value]));
  });
  expect(filters.map((filter) => filter.prefix)).toEqual(INGEST_NOTIFICATION.suffixes.map(() => 'users/'));
  expect(filters.map((filter) => filter.suffix).sort()).toEqual([...INGEST_NOTIFICATION.suffixes].sort());
  for (const rendition of ['/preview.jpg', '/thumbnail.jpg', '/model.jpg'])
    expect(filters.some((filter) => rendition.endsWith(filter.suffix as string))).toBe(false);
});

test('the ingest queue is encrypted, TLS-only, redrives to its own dead-letter queue, and outlasts the function', () => {
  const queue = resourcesOf(template, 'AWS::SQS::Queue')[ingestQueueId()];
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[ingestId];
  expect(queue?.Properties.SqsManagedSseEnabled).toBe(true);
  expect(queue?.Properties.RedrivePolicy.maxReceiveCount).toBe(5);
  expect(queue?.Properties.VisibilityTimeout).toBe(6 * fn?.Properties.Timeout);
  const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find((candidate) =>
    JSON.stringify(candidate.Properties.Dimensions ?? []).includes('IngestDeadLetters'),
  );
  expect(alarm?.Properties).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0 });
});

test('the ingest function takes small batches, reports failures per record, with bounded concurrency', () => {
  const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
    (candidate) => candidate.Properties.FunctionName.Ref === ingestId,
  );
  expect(mapping?.Properties).toMatchObject({
    BatchSize: 4,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: 4 },
    EventSourceArn: { 'Fn::GetAtt': [ingestQueueId(), 'Arn'] },
  });
});

test('ingest may read originals and write renditions under users/, connect to the database, and publish progress; nothing more', () => {
  const fn = resourcesOf(template, 'AWS::Lambda::Function')[ingestId];
  const role = fn?.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((policy) =>
    policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role),
  );
  const actions = policies
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
    .flatMap((statement: any) => [statement.Action].flat())
    .sort();
  expect(actions).toEqual([
    // Each photo's outcome, to its owner's live-progress channel (lib/constructs/live-progress.ts).
    'appsync:EventPublish',
    'rds-db:connect',
    's3:GetObject',
    's3:ListBucket',
    's3:PutObject',
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ]);
  expect(fn?.Properties.Environment.Variables).toMatchObject({ DATABASE_IAM_AUTH: 'true' });
  expect(fn?.Properties.MemorySize).toBe(1769);
  expect(fn?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^MigrationsSchema/)]));
});
