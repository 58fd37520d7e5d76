/**
 * Dependencies are built on first use, once each: a Lambda that never touches storage never builds an
 * S3 client, and a function reads only the configuration sections of what it builds.
 */
type Factories = Record<string, () => unknown>;

/** The value each factory builds, as a read-only property. */
export type Built<F extends Factories> = { readonly [K in keyof F]: ReturnType<F[K]> };

/** Memoizes a factory: built on the first call, and again after a call that threw. */
function once<T>(factory: () => T): () => T {
  let made = false;
  let value: T;
  return () => {
    if (!made) {
      value = factory();
      made = true;
    }
    return value;
  };
}

/** `base`'s properties (its getters stay lazy) plus one memoized, lazily built property per factory. */
export function lazyDependencies<F extends Factories, B extends object = object>(
  factories: F,
  base?: B,
  // NoInfer: B comes from `base` only. Inferred from the caller's expected return type, it would
  // let a missing dependency compile (found when the worker's offlinePlanner went unwired).
): NoInfer<B> & Built<F> {
  const dependencies = Object.defineProperties({}, Object.getOwnPropertyDescriptors(base ?? {}));
  for (const [name, factory] of Object.entries(factories)) {
    Object.defineProperty(dependencies, name, {
      enumerable: true,
      // A later layer may build its own (the worker adds repositories to a base that may have them).
      configurable: true,
      get: once(factory),
    });
  }
  return dependencies as B & Built<F>;
}
