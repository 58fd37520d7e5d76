import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type WorkerDependencies, workerDependencies } from '../../composition/worker.ts';
import { InvalidJobMessageError, parseJobMessage } from '../../core/job-message.ts';
import { JobBusyError, processJob } from '../../core/use-cases/process-job.ts';

/**
 * The SQS-triggered worker. Records are handled one by one and failures are reported per record
 * (ReportBatchItemFailures), so one bad job never sends the whole batch back to the queue.
 */
export function create(deps: WorkerDependencies) {
  return middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        const message = parseJobMessage(record.body);
        await processJob(deps, message.jobId);
      } catch (error) {
        const context = {
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
        };
        if (error instanceof InvalidJobMessageError) {
          // Retrying cannot fix it: it goes to the dead-letter queue after maxReceiveCount deliveries.
          deps.logger.error('poison message', { ...context, reason: error.message });
        } else if (error instanceof JobBusyError) {
          deps.logger.info('job busy elsewhere; will retry', context);
        } else {
          deps.logger.error('job attempt failed; will retry', { ...context, error: String(error) });
        }
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  });
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: SQSEvent, context: Context) => {
  handler_ ??= create(workerDependencies(process.env));
  return handler_(event, context);
};
