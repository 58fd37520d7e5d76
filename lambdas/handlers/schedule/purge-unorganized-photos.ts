import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logInvocation } from '../../composition/logging.ts';
import { type MaintenanceDependencies, maintenanceDependencies } from '../../composition/maintenance.ts';
import { purgeUnorganizedPhotos } from '../../core/use-cases/purge-unorganized-photos.ts';

/** Daily (EventBridge schedule in AWS, a timer locally): forgets photos that were never organized. */
export function create(deps: MaintenanceDependencies) {
  return middy<ScheduledEvent, { deleted: number }>().handler(async () => ({
    deleted: await purgeUnorganizedPhotos(deps),
  }));
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: ScheduledEvent, context: Context) => {
  logInvocation(context);
  handler_ ??= create(maintenanceDependencies(process.env));
  return handler_(event, context);
};
