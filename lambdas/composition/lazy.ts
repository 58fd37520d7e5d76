/** Memoizes a factory: the adapter (and its config section) is built on first use only. */
export function once<T>(factory: () => T): () => T {
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

/** `own` plus every property of `base`, copied as getters so lazy ones stay lazy. */
export function extend<B extends object, T extends object>(base: B, own: T): T & B {
  return Object.defineProperties(own, Object.getOwnPropertyDescriptors(base)) as T & B;
}
