/** How every runtime's dependencies are built: on first use, once, and only what is used. */
import { databaseDependencies } from '../../lambdas/composition/database.ts';
import { lazyDependencies } from '../../lambdas/composition/lazy.ts';
import { routeDependencies } from '../../lambdas/composition/routes.ts';

describe('lazyDependencies', () => {
  it('builds nothing until a property is read, then builds it once', () => {
    const built: string[] = [];
    const deps = lazyDependencies({
      a: () => {
        built.push('a');
        return { name: 'a' };
      },
      b: () => {
        built.push('b');
        return { name: 'b' };
      },
    });
    expect(built).toEqual([]);
    expect(deps.a).toBe(deps.a);
    expect(built).toEqual(['a']);
  });

  it('tries again after a factory throws, instead of remembering the failure', () => {
    let calls = 0;
    const deps = lazyDependencies({
      flaky: () => {
        calls += 1;
        if (calls === 1) throw new Error('not yet');
        return calls;
      },
    });
    expect(() => deps.flaky).toThrow('not yet');
    expect(deps.flaky).toBe(2);
    expect(deps.flaky).toBe(2);
  });

  it("keeps the base's getters lazy and shared, and lets a later layer build its own", () => {
    let baseBuilds = 0;
    const base = lazyDependencies({
      db: () => {
        baseBuilds += 1;
        return { pool: baseBuilds };
      },
      repo: () => 'base repository',
    });
    const layered = lazyDependencies(
      { repo: () => 'own repository', extra: (): number => base.db.pool },
      base,
    );
    expect(baseBuilds).toBe(0);
    expect(layered.extra).toBe(1);
    expect(base.db).toBe(layered.db);
    expect(baseBuilds).toBe(1);
    expect(layered.repo).toBe('own repository');
    expect(base.repo).toBe('base repository');
  });
});

describe('what a Lambda builds from its environment', () => {
  const env = { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/nowhere', UPLOADS_BUCKET: 'b' };

  it('reads no configuration and opens nothing until asked, and closes only what it opened', async () => {
    // A storage factory that would fail on this environment (no S3_ENDPOINT, no bucket domain) is
    // never called when the route never reads `storage`.
    const deps = routeDependencies(env, {
      storage: () => {
        throw new Error('storage was built');
      },
    });
    expect(typeof deps.users.ensure).toBe('function');
    await expect(databaseDependencies(env).close()).resolves.toBeUndefined();
  });

  it('names the variable that is missing when a dependency is first read', () => {
    const deps = databaseDependencies({});
    expect(() => deps.db).toThrow(/DATABASE_URL/);
  });
});
