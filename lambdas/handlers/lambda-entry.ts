/**
 * The AWS side of the composition: a Lambda's exported `handler` builds its dependencies from the
 * function's environment once per container, on the first invocation, then reuses them.
 */
import type { Context } from 'aws-lambda';
import { type HttpDependencies, httpDependencies } from '../composition/http.ts';
import type { HttpEvent, HttpResult } from './middleware/http.ts';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

export function lambdaHttpHandler(create: (deps: HttpDependencies) => Handler<HttpEvent, HttpResult>) {
  let handler: Handler<HttpEvent, HttpResult> | undefined;
  return (event: HttpEvent, context: Context) => {
    handler ??= create(httpDependencies(process.env));
    return handler(event, context);
  };
}
