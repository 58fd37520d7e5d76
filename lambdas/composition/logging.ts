/**
 * The one logger of a process, from Powertools for AWS Lambda: JSON lines in Lambda (or anywhere with
 * LOG_FORMAT=json), readable lines on a workstation. Every component logs through it with its own keys.
 */
import type { Context } from 'aws-lambda';
import {
  PowertoolsLogger,
  portLogger,
  ReadableLogger,
  silentLogger,
} from '../adapters/logging/powertools-logger.ts';
import { SERVICE_NAME } from '../core/metric-names.ts';
import type { Logger } from '../core/ports.ts';

let root: PowertoolsLogger | undefined;

/** Created on first use; the log level comes from AWS_LAMBDA_LOG_LEVEL / POWERTOOLS_LOG_LEVEL (INFO). */
export function rootLogger(): PowertoolsLogger {
  root ??=
    process.env.AWS_LAMBDA_FUNCTION_NAME || process.env.LOG_FORMAT === 'json'
      ? new PowertoolsLogger({ serviceName: SERVICE_NAME })
      : new ReadableLogger({ serviceName: SERVICE_NAME });
  return root;
}

/** A logger whose every line carries `context` (e.g. `{ component: 'run-migrations' }`). */
export function appLogger(context: Record<string, unknown> = {}): Logger {
  return portLogger(rootLogger(), context);
}

/** Readable lines on standard error, for commands whose standard output is their result (`--json`). */
export function stderrLogger(context: Record<string, unknown> = {}): Logger {
  return portLogger(new ReadableLogger({ serviceName: SERVICE_NAME }, process.stderr), context);
}

/**
 * Called by every Lambda entry at the start of an invocation: the lines that follow carry the request
 * id, the function name and whether it was a cold start.
 */
export function logInvocation(context: Context): void {
  rootLogger().addContext(context);
}

/** For tests, the bench and quiet runs. */
export const quietLogger: Logger = silentLogger;
