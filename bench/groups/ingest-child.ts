/**
 * One ingest Lambda invocation in a fresh process, as a cold ingest container would run it: the real
 * handler (lambdas/handlers/sqs/ingest-photos.ts) and composition, given one SQS batch of S3
 * notifications (the batch size the stack configures), its photos read at once as the handler does.
 * Reports the batch's time and the memory it took, which size the ingest Lambda.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { ingestDependencies } from '../../lambdas/composition/ingest.ts';
import type { Env } from '../../lambdas/config.ts';
import { create } from '../../lambdas/handlers/sqs/ingest-photos.ts';
import { serveParent } from '../support/child.ts';

export interface IngestRunParams {
  env: Env;
  bucket: string;
  keys: string[];
}

export interface IngestRunResult {
  wallMs: number;
  failures: number;
  rssBeforeMb: number;
  /** Sampled every 25 ms during the batch. */
  peakRssDuringBatchMb: number;
  /** process.resourceUsage().maxRSS: the process's high-water mark, start-up included. */
  maxRssMb: number;
}

const MB = 1024 * 1024;

/** What S3 puts on the ingest queue for one created object (one record per message). */
function notification(bucket: string, key: string, index: number): SQSRecord {
  const body = JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key), sequencer: `${index}` } },
      },
    ],
  });
  return {
    messageId: `bench-${index}`,
    receiptHandle: `bench-${index}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: `${Date.now()}`,
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: `${Date.now()}`,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ingest',
    awsRegion: 'us-east-1',
  };
}

async function run(params: unknown): Promise<IngestRunResult> {
  const { env, bucket, keys } = params as IngestRunParams;
  // The handler logs a line per photo through Powertools, which reads its level from the environment.
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const handler = create(ingestDependencies(env));
  const event: SQSEvent = { Records: keys.map((key, index) => notification(bucket, key, index)) };
  const rssBeforeMb = process.memoryUsage().rss / MB;
  let peakRss = 0;
  const sample = () => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  const sampler = setInterval(sample, 25);
  const start = performance.now();
  try {
    const response = await handler(event, {} as Context);
    const wallMs = performance.now() - start;
    sample();
    return {
      wallMs,
      failures: response?.batchItemFailures.length ?? keys.length,
      rssBeforeMb,
      peakRssDuringBatchMb: peakRss / MB,
      maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB,
    };
  } finally {
    clearInterval(sampler);
  }
}

serveParent({ run });
