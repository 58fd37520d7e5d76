import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

export interface DatabaseOptions {
  connectionString: string;
  /** A function is called for every new connection: RDS Proxy IAM tokens expire after 15 minutes. */
  password?: string | (() => Promise<string>);
  /** 1 in Lambda (one request at a time, RDS Proxy pools); more locally. */
  maxConnections: number;
  ssl?: boolean;
}

/** A Kysely instance over a pg pool. Create it once per process/container. */
export function createDatabase(options: DatabaseOptions): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    ...(options.password ? { password: options.password } : {}),
    max: options.maxConnections,
    ssl: options.ssl ? { rejectUnauthorized: true } : undefined,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (database restart) emits here; without a listener Node crashes.
  pool.on('error', () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
