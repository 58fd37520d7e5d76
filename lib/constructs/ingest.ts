/**
 * Photos read as they land: S3 notifies the ingest queue of every original created in the uploads
 * bucket (one filter per original's name — `users/…/original.jpg`, `.png`, … — so the renditions
 * ingest writes beside them never notify), and the ingest function reads each one (ReportBatchItem
 * Failures, bounded concurrency). A message that fails every delivery lands in the ingest dead-letter
 * queue, which has an alarm (see Alarms).
 *
 * The queue uses SQS-managed encryption: S3 can deliver notifications to it without a KMS key policy.
 * Its visibility timeout is six times the function's timeout (AWS's guidance for event sources).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_NOTIFICATION } from '../../lambdas/core/upload-policy.ts';
import { WORKER_NODE_MODULES } from './bundling.ts';
import type { Database } from './database.ts';
import { acknowledge } from './nag.ts';
import { nodeFunction } from './node-function.ts';
import { queueWithDeadLetters } from './queue-with-dead-letters.ts';
import type { Uploads } from './uploads.ts';
import { LAMBDA_ARM64_NPM_PLATFORM } from './worker.ts';

export const INGEST_TIMEOUT = Duration.seconds(60);
/** Records per invocation; read one at a time by each photo's own promise, in parallel. */
export const INGEST_BATCH_SIZE = 4;
export const INGEST_MAX_RECEIVE_COUNT = 5;
/**
 * One full vCPU (Lambda allots CPU in proportion to memory; 1,769 MB is one vCPU): ingest is CPU-bound
 * (decoding and encoding), and a batch of four 12 MP photos peaked at 359–362 MiB in a fresh process
 * (`npm run bench -- --only=worker`, BENCHMARKS.md), so memory alone would allow far less. Below one
 * vCPU each photo waits longer for the same cost per photo (time × memory stays about the same).
 */
export const INGEST_MEMORY_MB = 1769;

export interface IngestProps {
  readonly vpc: IVpc;
  readonly database: Database;
  readonly uploads: Uploads;
  /** Upper bound on concurrent ingest invocations (SQS event source maxConcurrency). */
  readonly maxConcurrency: number;
}

export class Ingest extends Construct {
  readonly function: NodejsFunction;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: IngestProps) {
    super(scope, id);
    const { queue, deadLetterQueue } = queueWithDeadLetters(this, 'Notifications', {
      consumerTimeout: INGEST_TIMEOUT,
      maxReceiveCount: INGEST_MAX_RECEIVE_COUNT,
      carries: 'ingest',
    });
    this.queue = queue;
    this.deadLetterQueue = deadLetterQueue;

    this.function = nodeFunction(this, 'IngestPhotos', {
      entry: 'lambdas/handlers/sqs/ingest-photos.ts',
      description:
        'Momentarium ingest: reads each uploaded photo as it lands (renditions, facts, fingerprints)',
      vpc: props.vpc,
      memorySize: INGEST_MEMORY_MB,
      timeout: INGEST_TIMEOUT,
      nodeModules: [...WORKER_NODE_MODULES],
      bundlingEnvironment: LAMBDA_ARM64_NPM_PLATFORM,
      contentFiles: true,
    });
    props.database.connect(this.function);
    props.uploads.grantIngest(this.function);
    this.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: INGEST_BATCH_SIZE,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );

    for (const suffix of INGEST_NOTIFICATION.suffixes) {
      props.uploads.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(this.queue), {
        prefix: INGEST_NOTIFICATION.prefix,
        suffix,
      });
    }
    // CloudFormation has no bucket-notification resource for an existing bucket's configuration, so
    // aws-cdk-lib sets it through one singleton function per stack.
    const handler = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler'),
    );
    if (handler) {
      acknowledge(
        handler,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        'aws-cdk-lib’s bucket-notification function (it writes the uploads bucket’s notification ' +
          'configuration at deploy time) only writes its own logs with this AWS-managed policy.',
      );
    }
  }
}
