import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logInvocation } from '../../composition/logging.ts';
import { type MaintenanceDependencies, maintenanceDependencies } from '../../composition/maintenance.ts';
import { type DailyCleanUpReport, dailyCleanUp } from '../../core/use-cases/daily-clean-up.ts';

/**
 * Daily (EventBridge schedule in AWS, a timer locally): forgets photos never organized, empties the
 * Trash of photos past their days (files with them) and forgets albums deleted past their days.
 */
export function create(deps: MaintenanceDependencies) {
  return middy<ScheduledEvent, DailyCleanUpReport>().handler(() => dailyCleanUp(deps));
}

let handler_: ReturnType<typeof create> | undefined;
export const handler = (event: ScheduledEvent, context: Context) => {
  logInvocation(context);
  handler_ ??= create(maintenanceDependencies(process.env));
  return handler_(event, context);
};
