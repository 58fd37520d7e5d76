/**
 * One error hierarchy for the whole app. `code` is stable and machine-readable; `status` is the HTTP
 * status the error maps to where it reaches an HTTP client (5xx details are never shown to clients).
 */
import type { TokenUsage } from './model.ts';

export interface AppErrorOptions {
  status?: number;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }
}

/** The request is malformed or breaks a documented limit. */
export class ValidationError extends AppError {
  constructor(message: string, details?: Record<string, unknown>, code = 'invalid_request') {
    super(code, message, { status: 400, details });
  }
}

/** The thing does not exist or is not the caller's: the two are indistinguishable on purpose. */
export class NotFoundError extends AppError {
  constructor(what: string, details?: Record<string, unknown>) {
    super('not_found', `${what} not found`, { status: 404, details });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super('unauthorized', message, { status: 401 });
  }
}

/** The request is well-formed but the current state does not allow it. */
export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: 409, details });
  }
}

/** A dependency is down; the caller may retry. */
export class ServiceUnavailableError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('service_unavailable', message, { status: 503, cause });
  }
}

/** A photo's bytes cannot be used; the photo is recorded as rejected and the batch goes on. */
export class ImageRejectedError extends AppError {
  constructor(reason: string, cause?: unknown) {
    super('image_rejected', reason, { status: 422, cause });
  }
}

/** The album planner (model) failed for good, after its own retries. */
/**
 * The face reader cannot read anything (its models or WebAssembly did not load): unlike a photo it
 * cannot read, this is retried, never recorded as "no faces".
 */
export class FaceReaderUnavailableError extends Error {
  override name = 'FaceReaderUnavailableError';
}

export class PlannerUnavailableError extends AppError {
  /** What the failed calls were billed, when they were answered at all (a truncated answer is). */
  usage: TokenUsage | undefined;
  /**
   * The model (or its key) could not be reached or would not answer in time: network errors,
   * timeouts, overload (429, 5xx). Not a refusal or a bad answer. Operators alarm on these: many in a
   * row mean the way out to the internet is broken.
   */
  readonly unreachable: boolean;

  constructor(message: string, cause?: unknown, usage?: TokenUsage, options: { unreachable?: boolean } = {}) {
    super('planner_unavailable', message, { status: 502, cause });
    this.usage = usage;
    this.unreachable = options.unreachable ?? false;
  }
}
