/**
 * API Gateway's route throttling, for the local gateway: a token bucket per route that holds up to
 * `burstLimit` requests and refills at `rateLimit` per second. A full bucket lets a burst through at
 * once; an empty one refuses until it refills. Every caller of a route draws on the same bucket, as
 * API Gateway's route settings do (they are per route and stage, not per client).
 */
import type { RouteThrottle } from '../handlers/http/routes.ts';

export class TokenBucket {
  readonly #limits: RouteThrottle;
  readonly #now: () => number;
  #tokens: number;
  #refilledAt: number;

  /** `now` in milliseconds; a test passes its own clock. */
  constructor(limits: RouteThrottle, now: () => number = () => performance.now()) {
    if (!(limits.rateLimit > 0) || !(limits.burstLimit >= 1)) {
      throw new Error(`a throttle needs rateLimit > 0 and burstLimit >= 1 (got ${JSON.stringify(limits)})`);
    }
    this.#limits = limits;
    this.#now = now;
    this.#tokens = limits.burstLimit;
    this.#refilledAt = now();
  }

  /** Takes one request's token; false when the bucket is empty (the request is throttled). */
  take(): boolean {
    const now = this.#now();
    const elapsedSeconds = Math.max(0, now - this.#refilledAt) / 1000;
    this.#tokens = Math.min(this.#limits.burstLimit, this.#tokens + elapsedSeconds * this.#limits.rateLimit);
    this.#refilledAt = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
