/** The one log format: a JSON object per line, in Lambda (CloudWatch) and locally alike. */
import { createJsonLogger, silentLogger } from '../adapters/logging/json-logger.ts';
import type { Logger } from '../core/ports.ts';

/** A logger whose every line carries `context` (e.g. `{ component: 'run-migrations' }`). */
export function appLogger(context: Record<string, unknown> = {}): Logger {
  return createJsonLogger(context);
}

/** The same lines on standard error, for commands whose standard output is their result (`--json`). */
export function stderrLogger(context: Record<string, unknown> = {}): Logger {
  return createJsonLogger(context, (_level, line) => process.stderr.write(`${line}\n`));
}

/** For tests, the bench and quiet runs. */
export const quietLogger: Logger = silentLogger;
