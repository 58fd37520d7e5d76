/**
 * The AWS side of the composition: a Lambda's exported `handler` builds its dependencies from the
 * function's environment once per container, on the first invocation, then reuses them.
 *
 * Each route names the adapters beyond the database it uses, e.g.
 * `lambdaHttpHandler(create, { storage: s3PhotoStorage })`, so its bundle holds only those SDK
 * clients: a database-only route (status, health) does not ship the S3 and SQS clients. The types
 * make a route that uses `deps.storage` without wiring it a compile error.
 */
import type { Context } from 'aws-lambda';
import { databaseDependencies } from '../composition/database.ts';
import { httpDependencies, type RouteDependencies } from '../composition/http.ts';
import { extend, once } from '../composition/lazy.ts';
import type { Env } from '../config.ts';
import type { HttpEvent, HttpResult } from './middleware/http.ts';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/** Adapters a route may add, each built from the environment on first use. */
type AdapterFactories = Record<string, (env: Env) => unknown>;
type Built<A extends AdapterFactories> = { readonly [K in keyof A]: ReturnType<A[K]> };

export function lambdaHttpHandler<A extends AdapterFactories = Record<never, never>>(
  create: (deps: RouteDependencies & NoInfer<Built<A>>) => Handler<HttpEvent, HttpResult>,
  adapters?: A,
) {
  let handler: Handler<HttpEvent, HttpResult> | undefined;
  return (event: HttpEvent, context: Context) => {
    handler ??= create(routeDependencies(process.env, adapters ?? ({} as A)));
    return handler(event, context);
  };
}

/** The database and repositories, plus each named adapter as a lazy property. */
export function routeDependencies<A extends AdapterFactories>(
  env: Env,
  adapters: A,
): RouteDependencies & Built<A> {
  const own = {};
  for (const [name, factory] of Object.entries(adapters)) {
    const build = once(() => factory(env));
    Object.defineProperty(own, name, { get: build, enumerable: true });
  }
  return extend(httpDependencies(databaseDependencies(env)), own as Built<A>);
}
