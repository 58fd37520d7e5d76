/** The local gateway's route throttle: API Gateway's token bucket, on a clock the test moves. */
import { API_PATH_PREFIXES, routes } from '../../lambdas/handlers/http/routes.ts';
import { TokenBucket } from '../../lambdas/local-runtime/route-throttle.ts';

function bucketAt(rateLimit: number, burstLimit: number) {
  const clock = { ms: 0 };
  const bucket = new TokenBucket({ rateLimit, burstLimit }, () => clock.ms);
  const takeMany = (count: number) => Array.from({ length: count }, () => bucket.take());
  return { clock, bucket, takeMany };
}

describe('TokenBucket', () => {
  test('a full bucket lets a burst through at once, and refuses the request after it', () => {
    const { takeMany } = bucketAt(10, 20);
    expect(takeMany(20).every(Boolean)).toBe(true);
    expect(takeMany(3)).toEqual([false, false, false]);
  });

  test('refills at the rate: one request per 1/rate seconds after the burst is spent', () => {
    const { clock, bucket, takeMany } = bucketAt(10, 20);
    takeMany(20);
    clock.ms += 99;
    expect(bucket.take()).toBe(false);
    clock.ms += 1;
    expect(bucket.take()).toBe(true);
    expect(bucket.take()).toBe(false);
    clock.ms += 500;
    expect(takeMany(6)).toEqual([true, true, true, true, true, false]);
  });

  test('never holds more than the burst, however long it was idle', () => {
    const { clock, takeMany } = bucketAt(10, 20);
    clock.ms += 60 * 60 * 1000;
    expect(takeMany(21).filter(Boolean)).toHaveLength(20);
  });

  test('steady use at the rate is never refused', () => {
    const { clock, bucket } = bucketAt(2, 1);
    for (let second = 0; second < 100; second += 1) {
      expect(bucket.take()).toBe(true);
      clock.ms += 500;
    }
  });

  test('refused requests spend nothing: the next token comes on time', () => {
    const { clock, bucket, takeMany } = bucketAt(1, 1);
    expect(bucket.take()).toBe(true);
    clock.ms += 400;
    expect(takeMany(50).some(Boolean)).toBe(false);
    clock.ms += 600;
    expect(bucket.take()).toBe(true);
  });

  test('a clock that steps back refills nothing', () => {
    const { clock, bucket, takeMany } = bucketAt(10, 2);
    takeMany(2);
    clock.ms -= 10_000;
    expect(bucket.take()).toBe(false);
  });

  test.each([
    [{ rateLimit: 0, burstLimit: 10 }],
    [{ rateLimit: 10, burstLimit: 0 }],
    [{ rateLimit: Number.NaN, burstLimit: 10 }],
    [{ rateLimit: -1, burstLimit: 10 }],
  ])('refuses limits that would throttle everything: %j', (limits) => {
    expect(() => new TokenBucket(limits)).toThrow(/rateLimit > 0 and burstLimit >= 1/);
  });
});

describe('the route manifest', () => {
  test('every route lives under a path CloudFront sends to the API', () => {
    for (const route of routes) {
      expect([route.path, API_PATH_PREFIXES.some((prefix) => route.path.startsWith(prefix))]).toEqual([
        route.path,
        true,
      ]);
    }
  });
});
