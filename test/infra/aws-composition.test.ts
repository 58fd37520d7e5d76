/**
 * The AWS-only pieces of the Lambda composition: IAM auth tokens for RDS Proxy, the Gemini key from
 * Secrets Manager, and the deploy-time migration handler (against the run's real PostgreSQL).
 */
import { randomUUID } from 'node:crypto';
import { Signer } from '@aws-sdk/rds-signer';
import { jest } from '@jest/globals';
import { sql } from 'kysely';
import pg from 'pg';
import { iamAuthTokenSource } from '../../lambdas/adapters/aws/rds-iam-auth.ts';
import {
  albumPlannerWithSecretKey,
  pageDesignerWithSecretKey,
  secretStringReader,
} from '../../lambdas/adapters/aws/secrets-manager-key.ts';
import { silentLogger } from '../../lambdas/adapters/logging/powertools-logger.ts';
import { createDatabase } from '../../lambdas/adapters/postgres/database.ts';
import { migrateToLatest } from '../../lambdas/adapters/postgres/migrate.ts';
import { endpointOptions } from '../../lambdas/composition/endpoint-options.ts';
import { s3PhotoUrls } from '../../lambdas/composition/photo-urls.ts';
import type { AlbumPageDesigner, PageDesignAnswer } from '../../lambdas/core/album-page.ts';
import type { AlbumPlanner, ExistingAlbum, PlannerAnswer } from '../../lambdas/core/ports.ts';
import {
  create as createMigrationHandler,
  PHYSICAL_RESOURCE_ID,
} from '../../lambdas/handlers/deploy/run-migrations.ts';

const PROXY_URL =
  'postgres://momentarium@momentarium-proxy.proxy-abc.us-east-1.rds.amazonaws.com:5432/momentarium';
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('IAM auth tokens for RDS Proxy', () => {
  test('a token is a presigned rds-db:connect request for the user, host and port of DATABASE_URL', async () => {
    const token = await iamAuthTokenSource({
      connectionString: PROXY_URL,
      region: 'us-east-1',
      credentials,
    })();
    const url = new URL(`https://${token}`);
    expect(url.host).toBe('momentarium-proxy.proxy-abc.us-east-1.rds.amazonaws.com:5432');
    expect(url.searchParams.get('Action')).toBe('connect');
    expect(url.searchParams.get('DBUser')).toBe('momentarium');
    expect(url.searchParams.get('X-Amz-Credential')).toContain('/us-east-1/rds-db/aws4_request');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  test("tokens are byte-identical to @aws-sdk/rds-signer's, for static keys and for a role's session", async () => {
    const session = { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+token==' };
    jest.useFakeTimers({
      now: new Date('2026-12-01T10:20:30.456Z'),
      doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'],
    });
    try {
      for (const [connectionString, keys] of [
        [PROXY_URL, credentials],
        [PROXY_URL, session],
        ['postgres://app%2Buser@proxy.example.eu-west-1.rds.amazonaws.com/db', session],
      ] as const) {
        const url = new URL(connectionString);
        const expected = await new Signer({
          hostname: url.hostname,
          port: Number(url.port || 5432),
          username: decodeURIComponent(url.username),
          region: 'eu-west-1',
          credentials: keys,
        }).getAuthToken();
        const actual = await iamAuthTokenSource({
          connectionString,
          region: 'eu-west-1',
          credentials: keys,
        })();
        expect(actual).toBe(expected);
      }
    } finally {
      jest.useRealTimers();
    }
  });

  test("without explicit keys it signs with the role's keys from the environment, session token included", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIAROLEEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'role/secret/EXAMPLE',
      AWS_SESSION_TOKEN: 'role-session-token',
    });
    try {
      const token = await iamAuthTokenSource({ connectionString: PROXY_URL, region: 'us-east-1' })();
      const url = new URL(`https://${token}`);
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^ASIAROLEEXAMPLE\//);
      expect(url.searchParams.get('X-Amz-Security-Token')).toBe('role-session-token');
    } finally {
      process.env = saved;
    }
  });

  test('every new connection gets a freshly signed token', async () => {
    const source = iamAuthTokenSource({ connectionString: PROXY_URL, region: 'us-east-1', credentials });
    const first = await source();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await source()).not.toBe(first);
  });

  test('a URL without a user, or with a password, is a configuration mistake', () => {
    expect(() =>
      iamAuthTokenSource({ connectionString: 'postgres://proxy:5432/db', region: 'us-east-1' }),
    ).toThrow('name the database user');
    expect(() =>
      iamAuthTokenSource({ connectionString: 'postgres://u:secret@proxy:5432/db', region: 'us-east-1' }),
    ).toThrow('must not carry a password');
  });
});

describe('Gemini key from Secrets Manager', () => {
  const fakeClient = (answers: Array<() => Promise<{ SecretString?: string }>>) => {
    let calls = 0;
    return {
      get calls() {
        return calls;
      },
      send: async () => {
        const answer = answers[Math.min(calls, answers.length - 1)] as () => Promise<{
          SecretString?: string;
        }>;
        calls += 1;
        return answer();
      },
    };
  };

  test('the key is read once per container, even by concurrent first jobs', async () => {
    const client = fakeClient([async () => ({ SecretString: ' key-1 \n' })]);
    const read = secretStringReader('arn:aws:secretsmanager:us-east-1:1:secret:gemini', client as never);
    expect(await Promise.all([read(), read()])).toEqual(['key-1', 'key-1']);
    expect(await read()).toBe('key-1');
    expect(client.calls).toBe(1);
  });

  test('an empty secret says how to set it, and a later read picks up the value', async () => {
    const notFound = Object.assign(new Error("can't find the specified secret value"), {
      name: 'ResourceNotFoundException',
    });
    const client = fakeClient([
      async () => {
        throw notFound;
      },
      async () => ({ SecretString: 'key-2' }),
    ]);
    const read = secretStringReader('arn:aws:secretsmanager:us-east-1:1:secret:gemini', client as never);
    await expect(read()).rejects.toThrow('put-secret-value');
    expect(await read()).toBe('key-2');
  });

  test('Secrets Manager out of reach counts as the model unreachable; a refusal does not', async () => {
    const noAnswer = Object.assign(new Error('connect ETIMEDOUT 52.94.0.1:443'), {
      name: 'TimeoutError',
      $metadata: {},
    });
    const refused = Object.assign(new Error('not authorized'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    const read = secretStringReader(
      'arn:x',
      fakeClient([
        async () => {
          throw noAnswer;
        },
        async () => {
          throw refused;
        },
      ]) as never,
    );
    await expect(read()).rejects.toMatchObject({ unreachable: true });
    await expect(read()).rejects.toMatchObject({
      unreachable: false,
      message: expect.stringContaining('AccessDenied'),
    });
  });

  test('a blank value is treated as not set', async () => {
    const read = secretStringReader('arn:x', fakeClient([async () => ({ SecretString: '  ' })]) as never);
    await expect(read()).rejects.toThrow('has no value yet');
  });

  test('the planner is built once, with the key, on the first plan, and gets the existing albums', async () => {
    const answer = { raw: { albums: [] } } as unknown as PlannerAnswer;
    const keys: string[] = [];
    const offered: Array<readonly ExistingAlbum[] | undefined> = [];
    const planner = albumPlannerWithSecretKey(
      async () => 'key-3',
      (apiKey): AlbumPlanner => {
        keys.push(apiKey);
        return {
          plan: async (_photos, existing) => {
            offered.push(existing);
            return answer;
          },
        };
      },
    );
    expect(keys).toEqual([]);
    const existing = [{ ref: 'a1' }] as unknown as ExistingAlbum[];
    await planner.plan([], existing);
    await planner.plan([]);
    expect(keys).toEqual(['key-3']);
    expect(offered).toEqual([existing, undefined]);
  });

  test('the page designer is built once, with the key, on the first design; a failed read is tried again', async () => {
    const answer: PageDesignAnswer = { designer: 'gemini', raw: {} };
    const keys: string[] = [];
    let reads = 0;
    const designer = pageDesignerWithSecretKey(
      async () => {
        reads += 1;
        if (reads === 1) throw new Error('not set yet');
        return 'key-4';
      },
      (apiKey): AlbumPageDesigner => {
        keys.push(apiKey);
        return { design: async () => answer };
      },
    );
    const request = { title: 't', description: '', photos: [] };
    await expect(designer.design(request)).rejects.toThrow('not set yet');
    expect(await designer.design(request)).toBe(answer);
    await designer.design(request);
    expect(keys).toEqual(['key-4']);
  });
});

describe('S3 and SQS access in a Lambda', () => {
  // What Lambda puts in every function's environment for its role: temporary keys and their token.
  const role = {
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEROLEKEY',
    AWS_SECRET_ACCESS_KEY: 'role/secret/EXAMPLE',
    AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjEXAMPLE+session/token=',
  };
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test("sign with the role's session token (temporary keys without it are refused by S3)", async () => {
    Object.assign(process.env, role);
    const urls = s3PhotoUrls({
      ...role,
      AWS_REGION: 'eu-west-1',
      UPLOADS_BUCKET: 'momentarium-uploads-abc',
      UPLOADS_BUCKET_DOMAIN: 'momentarium-uploads-abc.s3.eu-west-1.amazonaws.com',
    });
    const { url } = await urls.presignUpload({
      key: 'users/u/photos/p/original.jpg',
      contentType: 'image/jpeg',
      contentLength: 10,
      expiresInSeconds: 300,
    });
    const params = new URL(url).searchParams;
    expect(new URL(url).host).toBe('momentarium-uploads-abc.s3.eu-west-1.amazonaws.com');
    expect(params.get('X-Amz-Credential')).toMatch(/^ASIAEXAMPLEROLEKEY\//);
    expect(params.get('X-Amz-Security-Token')).toBe(role.AWS_SESSION_TOKEN);
  });

  test('signing in AWS needs to be told where the bucket is', () => {
    expect(() => s3PhotoUrls({ ...role, UPLOADS_BUCKET: 'momentarium-uploads-abc' })).toThrow(
      /UPLOADS_BUCKET_DOMAIN: is required in AWS/,
    );
  });

  test('take static keys only for a local endpoint; in AWS the SDK chain supplies them', () => {
    expect(endpointOptions({ ...role })).toEqual({});
    expect(endpointOptions({ ...role, endpoint: 'http://127.0.0.1:4569' })).toEqual({
      endpoint: 'http://127.0.0.1:4569',
      credentials: { accessKeyId: role.AWS_ACCESS_KEY_ID, secretAccessKey: role.AWS_SECRET_ACCESS_KEY },
    });
  });
});

describe('deploy-time migrations', () => {
  const adminUrl = () => {
    const url = process.env.TEST_POSTGRES_URL;
    if (!url) throw new Error('TEST_POSTGRES_URL is not set: run through jest');
    return url;
  };
  let databaseUrl: string;
  let name: string;

  beforeAll(async () => {
    name = `infra_${randomUUID().replaceAll('-', '')}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    databaseUrl = adminUrl().replace(/\/[^/]*$/, `/${name}`);
  });

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  const handler = (migrate = migrateToLatest) =>
    createMigrationHandler({
      openDatabase: () => createDatabase({ connectionString: databaseUrl, maxConnections: 1 }),
      migrate,
      logger: silentLogger,
    });
  const event = (RequestType: 'Create' | 'Update' | 'Delete') =>
    ({ RequestType, PhysicalResourceId: PHYSICAL_RESOURCE_ID, ResourceProperties: {} }) as never;

  test('Create migrates an empty database; Update (every later deploy) finds nothing to do', async () => {
    const created = await handler()(event('Create'));
    expect(created.PhysicalResourceId).toBe(PHYSICAL_RESOURCE_ID);
    expect(created.Data.appliedCount).toBeGreaterThan(0);
    const db = createDatabase({ connectionString: databaseUrl, maxConnections: 1 });
    const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables
      where table_schema = 'public'`.execute(db);
    await db.destroy();
    expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['users', 'processing_jobs']));
    const updated = await handler()(event('Update'));
    expect(updated.Data).toEqual({ applied: '', appliedCount: 0 });
  });

  test('a failed migration fails the resource (and so the deploy)', async () => {
    const failing = handler(async () => {
      throw new Error('migration 2099-01-01-001-broken failed');
    });
    await expect(failing(event('Update'))).rejects.toThrow('broken');
  });

  test('a database not reachable yet is retried with backoff; the deploy then succeeds', async () => {
    const closedPort = databaseUrl.replace(/:\d+\//, ':9/');
    let opened = 0;
    const waits: number[] = [];
    const retrying = createMigrationHandler({
      // The first two connections find nothing listening (the proxy's target still registering).
      openDatabase: () =>
        createDatabase({ connectionString: ++opened <= 2 ? closedPort : databaseUrl, maxConnections: 1 }),
      migrate: migrateToLatest,
      logger: silentLogger,
      retryDelaysMs: [10, 20, 40],
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    const result = await retrying(event('Update'));
    expect(result.PhysicalResourceId).toBe(PHYSICAL_RESOURCE_ID);
    expect(opened).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  test('a database that never answers fails the deploy after the last retry', async () => {
    let opened = 0;
    const never = createMigrationHandler({
      openDatabase: () => {
        opened++;
        return createDatabase({ connectionString: databaseUrl.replace(/:\d+\//, ':9/'), maxConnections: 1 });
      },
      migrate: migrateToLatest,
      logger: silentLogger,
      retryDelaysMs: [1, 1],
      sleep: async () => {},
    });
    await expect(never(event('Update'))).rejects.toThrow();
    expect(opened).toBe(3);
  });

  test('a migration that fails on the database is not retried', async () => {
    let migrations = 0;
    const broken = createMigrationHandler({
      openDatabase: () => createDatabase({ connectionString: databaseUrl, maxConnections: 1 }),
      migrate: async () => {
        migrations++;
        throw Object.assign(new Error('relation "albums" already exists'), { code: '42P07' });
      },
      logger: silentLogger,
      retryDelaysMs: [1, 1, 1],
      sleep: async () => {},
    });
    await expect(broken(event('Update'))).rejects.toThrow('already exists');
    expect(migrations).toBe(1);
  });

  test('Delete leaves the database alone and does not even connect', async () => {
    const deleted = await createMigrationHandler({
      openDatabase: () => {
        throw new Error('must not connect on Delete');
      },
      migrate: migrateToLatest,
      logger: silentLogger,
    })(event('Delete'));
    expect(deleted.PhysicalResourceId).toBe(PHYSICAL_RESOURCE_ID);
  });
});
