import type { Logger } from '../../core/ports.ts';

type Level = 'info' | 'warn' | 'error';
type Write = (level: Level, line: string) => void;

/** console.info/warn/error, so Lambda's log level filter and CloudWatch see the right level. */
const consoleWrite: Write = (level, line) => console[level](line);

/** One JSON object per line: what CloudWatch Logs Insights queries, and what `npm start` prints. */
export function createJsonLogger(base: Record<string, unknown> = {}, write: Write = consoleWrite): Logger {
  const log = (level: Level) => (message: string, data?: Record<string, unknown>) =>
    write(level, JSON.stringify({ level, time: new Date().toISOString(), message, ...base, ...data }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** For tests and quiet runs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
