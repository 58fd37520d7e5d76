/**
 * The database in AWS: Kysely over pg, connecting to RDS Proxy as DATABASE_USER with a short-lived
 * IAM auth token instead of a password. pg calls the `password` function for every NEW connection,
 * so each connection gets a fresh token (tokens are valid for 15 minutes; an open connection stays
 * open after its token expires).
 *
 * TLS: the proxy requires it, and the certificate is verified against Node's built-in CA store with
 * no RDS CA bundle shipped. That works because of who signs the proxy's certificate:
 * - RDS *instances* present certificates from the RDS CAs (rds-ca-rsa2048-g1, ...). Those roots are
 *   not public, Node does not trust them, and connecting straight to an instance with
 *   rejectUnauthorized would need the RDS bundle (truststore.pki.rds.amazonaws.com).
 * - RDS *Proxy* presents a certificate from AWS Certificate Manager. AWS's RDS guide ("Rotating your
 *   SSL/TLS certificate") says: "Amazon RDS Proxy ... use[s] certificates from the AWS Certificate
 *   Manager (ACM). If you're using RDS Proxy, when you rotate your SSL/TLS certificate, you don't need
 *   to update applications that use RDS Proxy connections"; the RDS Proxy prescriptive guidance says
 *   the same ("RDS Proxy uses certificates from AWS Certificate Manager (ACM)"). Public ACM
 *   certificates chain to Amazon Trust Services roots (Amazon Root CA 1-4, Starfield Services G2),
 *   which are in Node's bundled Mozilla store: checked here with Node 24's `tls.rootCertificates`
 *   (Amazon Root CA 1 valid to 2038, CA 2-4 to 2040).
 * So `ssl: { rejectUnauthorized: true }` (what createDatabase sets for `ssl: true`) verifies both the
 * chain and the proxy's host name, and DATABASE_URL must name the proxy endpoint, never the instance.
 */

import { formatUrl } from '@aws-sdk/core/util';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Kysely } from 'kysely';
import { createDatabase } from '../postgres/database.ts';
import type { Database } from '../postgres/schema.ts';

export interface IamAuthDatabaseOptions {
  /** postgres://<user>@<proxy endpoint>:<port>/<database>, no password. */
  connectionString: string;
  region: string;
  maxConnections: number;
}

/** Kysely over RDS Proxy with IAM auth and verified TLS. Create it once per container. */
export function createIamAuthDatabase(options: IamAuthDatabaseOptions): Kysely<Database> {
  return createDatabase({
    connectionString: options.connectionString,
    password: iamAuthTokenSource(options),
    ssl: true,
    maxConnections: options.maxConnections,
  });
}

/**
 * A source of IAM auth tokens for the user, host and port named in the connection string. Tokens are
 * signed locally with the function's role credentials: no network call, so one per connection is cheap.
 *
 * This is what `@aws-sdk/rds-signer`'s `Signer#getAuthToken` does (a SigV4-presigned
 * `GET https://host:port/?Action=connect&DBUser=user` for the `rds-db` service, valid 15 minutes),
 * with the same SDK signer, but with the credentials Lambda puts in the environment instead of the
 * SDK's whole default credential chain (SSO, STS, web identity, ... which a Lambda never reaches:
 * the chain's first link is the environment). That chain made every API Lambda ~290 KB bigger.
 * test/infra/aws-composition.test.ts checks the tokens are byte-identical to `Signer`'s.
 */
export function iamAuthTokenSource(
  options: Pick<IamAuthDatabaseOptions, 'connectionString' | 'region'> & {
    credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  },
): () => Promise<string> {
  const url = new URL(options.connectionString);
  if (!url.username) throw new Error('DATABASE_URL must name the database user for IAM auth');
  if (url.password) throw new Error('DATABASE_URL must not carry a password when DATABASE_IAM_AUTH=true');
  const hostname = url.hostname;
  const port = Number(url.port || 5432);
  const username = decodeURIComponent(url.username);
  const signer = new SignatureV4({
    service: 'rds-db',
    region: options.region,
    credentials: options.credentials ?? fromEnv(),
    sha256: Sha256,
  });
  return async () => {
    const presigned = await signer.presign(
      new HttpRequest({
        method: 'GET',
        protocol: 'https:',
        hostname,
        port,
        query: { Action: 'connect', DBUser: username },
        headers: { host: `${hostname}:${port}` },
      }),
      { expiresIn: 900 },
    );
    return formatUrl(presigned).replace('https://', '');
  };
}
