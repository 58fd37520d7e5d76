/**
 * The AWS side of the composition: a Lambda's exported `handler` builds its dependencies from the
 * function's environment once per container, on the first invocation, then reuses them.
 *
 * Each route names the adapters beyond the database it uses, e.g.
 * `lambdaHttpHandler(create, { urls: s3PhotoUrls })`, so its bundle holds only those SDK parts: a
 * database-only route (status, health) ships no S3 or SQS client, a signing route only the presigner.
 * The types make a route whose `create` uses `deps.storage` without wiring it a compile error.
 */
import type { Context } from 'aws-lambda';
import { databaseDependencies } from '../composition/database.ts';
import { httpDependencies, type RouteDependencies } from '../composition/http.ts';
import { extend, once } from '../composition/lazy.ts';
import type { Env } from '../config.ts';
import type { HttpEvent, HttpResult } from './middleware/http.ts';

type Handler<E, R> = (event: E, context: Context) => Promise<R>;

/**
 * Adapters a route may add, each built from the environment on first use. Their names may not shadow
 * what every route already has (`db`, `photos`, ...), which would silently win over them.
 */
type AdapterFactories = Record<string, (env: Env) => unknown> & {
  readonly [K in keyof RouteDependencies]?: never;
};
type Built<A extends AdapterFactories> = { readonly [K in keyof A]: ReturnType<A[K]> };
type RouteHandler = Handler<HttpEvent, HttpResult>;

/** A route that needs only the database and its repositories. */
export function lambdaHttpHandler(create: (deps: RouteDependencies) => RouteHandler): RouteHandler;
/** A route that also uses the named adapters; `create` can only ask for adapters named here. */
export function lambdaHttpHandler<A extends AdapterFactories>(
  create: (deps: RouteDependencies & NoInfer<Built<A>>) => RouteHandler,
  adapters: A,
): RouteHandler;
export function lambdaHttpHandler(
  create: (deps: RouteDependencies & Built<AdapterFactories>) => RouteHandler,
  adapters: AdapterFactories = {},
): RouteHandler {
  let handler: RouteHandler | undefined;
  return (event: HttpEvent, context: Context) => {
    handler ??= create(routeDependencies(process.env, adapters));
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
