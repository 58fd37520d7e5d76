import type { AppError } from '../../lambdas/core/errors.ts';

/** How a call ended, in the terms a client sees: 'succeeded', or the error's class, code, status, message and details. */
export function outcome(promise: Promise<unknown>) {
  return promise.then(
    () => 'succeeded',
    (error: AppError) => ({
      type: error.constructor.name,
      code: error.code,
      status: error.status,
      message: error.message,
      details: error.details,
    }),
  );
}
