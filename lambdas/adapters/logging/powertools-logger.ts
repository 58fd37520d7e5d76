/**
 * Logging on Powertools for AWS Lambda's Logger: in Lambda one JSON object per line, with the service
 * name, the cold-start flag, the request id and the X-Ray trace id that CloudWatch Logs Insights
 * queries; on a workstation (`npm start`, the CLI) the same calls print one readable line each.
 *
 * The core's Logger port is three methods; `portLogger` adapts a Powertools logger to it and adds the
 * caller's keys (e.g. `{ route: 'get-gallery' }`) to every line.
 */
import { type LogItem, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';
import type { Logger } from '../../core/ports.ts';

export { PowertoolsLogger };

/** Keys every line carries that a person reading a terminal does not need. */
const QUIET_KEYS = new Set(['level', 'message', 'timestamp', 'service', 'sampling_rate']);

/**
 * The same logger, printing `12:00:01.234 INFO  message key=value` lines to `stream` instead of JSON.
 * Overrides the documented extension point for output (printLog); levels, keys and child loggers
 * behave exactly as in Lambda.
 */
export class ReadableLogger extends PowertoolsLogger {
  readonly #stream: NodeJS.WritableStream;

  constructor(options: ConstructorOptions = {}, stream: NodeJS.WritableStream = process.stdout) {
    super(options);
    this.#stream = stream;
  }

  protected override createLogger(options?: ConstructorOptions): PowertoolsLogger {
    return new ReadableLogger(options, this.#stream);
  }

  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    this.#stream.write(`${readableLine(log.getAttributes())}\n`);
  }
}

export function readableLine(attributes: Record<string, unknown>): string {
  const time = String(attributes.timestamp ?? '').slice(11, 23);
  const level = String(attributes.level ?? '').padEnd(5);
  const pairs = Object.entries(attributes)
    .filter(([key, value]) => !QUIET_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${readableValue(value)}`);
  return [time, level, String(attributes.message ?? ''), ...pairs].join(' ');
}

function readableValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

/** The core's Logger over a Powertools logger; `keys` go on every line. */
export function portLogger(logger: PowertoolsLogger, keys: Record<string, unknown> = {}): Logger {
  const log = (level: 'info' | 'warn' | 'error') => (message: string, data?: Record<string, unknown>) =>
    logger[level](message, { ...keys, ...data });
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** For tests and quiet runs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
