import type { Logger } from '../../core/ports.ts';

/** One JSON object per line: what CloudWatch Logs Insights queries, and what `npm start` prints. */
export function createJsonLogger(
  base: Record<string, unknown> = {},
  write = (line: string) => console.log(line),
): Logger {
  const log = (level: string) => (message: string, data?: Record<string, unknown>) =>
    write(JSON.stringify({ level, time: new Date().toISOString(), message, ...base, ...data }));
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/** For tests and quiet runs. */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
