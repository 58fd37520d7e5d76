import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { type DetailsReadDependencies, detailsReadDependencies } from '../../composition/details-read.ts';
import { logInvocation } from '../../composition/logging.ts';
import {
  type ReadMissingDetailsReport,
  readMissingDetails,
} from '../../core/use-cases/read-missing-details.ts';

/**
 * Hourly (EventBridge schedule in AWS, a timer locally): reads the details of photos read before they
 * were kept, a bounded number a run, until none is left; then each run is one query that finds none.
 * `signal` is the local runtime stopping (a Lambda ends by its own budget).
 */
export function create(deps: DetailsReadDependencies, options: { signal?: AbortSignal } = {}) {
  return middy<ScheduledEvent, ReadMissingDetailsReport>().handler(() => readMissingDetails(deps, options));
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: ScheduledEvent, context: Context) => {
  logInvocation(context);
  handler_ ??= create(detailsReadDependencies(process.env));
  return handler_(event, context);
};
