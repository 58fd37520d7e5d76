/**
 * One logger, two shapes: Powertools' JSON lines in Lambda (what CloudWatch Logs Insights queries)
 * and readable lines on a workstation, from the same calls through the core's Logger port.
 */
import { Writable } from 'node:stream';
import {
  PowertoolsLogger,
  portLogger,
  ReadableLogger,
  readableLine,
} from '../../lambdas/adapters/logging/powertools-logger.ts';

function capture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

test('locally: one readable line per call, with the caller’s keys and the data', () => {
  const { stream, lines } = capture();
  const logger = portLogger(new ReadableLogger({ serviceName: 'momentarium' }, stream), { runtime: 'local' });
  logger.info('job completed', { jobId: 'j-1', albums: 3, organizer: 'offline' });
  logger.warn('could not release job', { error: 'connect ECONNREFUSED 127.0.0.1:5432' });
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(
    /^\d{2}:\d{2}:\d{2}\.\d{3} INFO {2}job completed runtime=local jobId=j-1 albums=3 organizer=offline$/,
  );
  expect(lines[1]).toContain(
    'WARN  could not release job runtime=local error="connect ECONNREFUSED 127.0.0.1:5432"',
  );
});

test('child loggers print readable lines too', () => {
  const { stream, lines } = capture();
  new ReadableLogger({ serviceName: 'momentarium' }, stream)
    .createChild({ persistentKeys: { a: 1 } })
    .error('x');
  expect(lines[0]).toMatch(/ERROR x a=1$/);
});

test('values that need quoting are quoted; objects are JSON', () => {
  expect(
    readableLine({
      timestamp: '2026-12-01T10:00:01.234Z',
      level: 'INFO',
      message: 'm',
      a: 'two words',
      b: { c: 1 },
    }),
  ).toBe('10:00:01.234 INFO  m a="two words" b={"c":1}');
});

test('in Lambda: Powertools JSON with level, service, timestamp and the data at the top level', () => {
  // Errors go to standard error, the rest to standard output; Lambda sends both to CloudWatch.
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    portLogger(new PowertoolsLogger({ serviceName: 'momentarium' }), { route: 'get-gallery' }).error('boom', {
      status: 500,
    });
  } finally {
    process.stderr.write = write;
  }
  const record = JSON.parse(lines.join('').trim());
  expect(record).toMatchObject({
    level: 'ERROR',
    message: 'boom',
    service: 'momentarium',
    route: 'get-gallery',
    status: 500,
  });
  expect(Date.parse(record.timestamp)).not.toBeNaN();
});
