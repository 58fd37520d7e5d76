/**
 * The AWS side of a route: its Lambda's exported `handler` builds the route's dependencies from the
 * function's environment once per container, on the first invocation, then reuses them.
 *
 * A route's entry wires exactly the adapters that its `access` in the route manifest implies, e.g.
 * `lambdaRoute('get-gallery', create, { urls: s3PhotoUrls })`: one missing or one too many is a compile
 * error, and so is a `create` that reads an adapter the route was not given. Each adapter factory
 * is imported by the entry itself, so a route's bundle holds only its own SDK parts.
 */
import type { Context } from 'aws-lambda';
import { logInvocation } from '../composition/logging.ts';
import {
  type AdapterFactories,
  type RouteAdapters,
  type RouteDependencies,
  routeDependencies,
} from '../composition/routes.ts';
import type { AdaptersOf, RouteName } from './http/routes.ts';
import type { HttpEvent, HttpResult } from './middleware/http.ts';

type RouteHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

/** What the route named N is built from. */
export type DependenciesOf<N extends RouteName> = RouteDependencies & Pick<RouteAdapters, AdaptersOf<N>>;

/** The adapter factories the route named N must be given: none at all when it uses none. */
type AdapterArgument<N extends RouteName> = [AdaptersOf<N>] extends [never]
  ? []
  : [adapters: AdapterFactories<AdaptersOf<N>>];

export function lambdaRoute<N extends RouteName>(
  _name: N,
  create: (deps: DependenciesOf<N>) => RouteHandler,
  ...[adapters]: AdapterArgument<N>
): RouteHandler {
  let handler: RouteHandler | undefined;
  return (event, context) => {
    logInvocation(context);
    handler ??= create(
      routeDependencies(
        process.env,
        (adapters ?? {}) as AdapterFactories<AdaptersOf<N>>,
      ) as DependenciesOf<N>,
    );
    return handler(event, context);
  };
}
