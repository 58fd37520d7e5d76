/**
 * CDK context → frozen, typed deployment settings, validated once before any construct is built.
 * Values come from cdk.json (typed JSON) or from `-c key=value` on the command line (always strings),
 * so every reader accepts both forms. A bad value fails synth with a message naming the context key.
 *
 * The region follows the CDK convention: `-c region=…` if given, else the region the CDK CLI resolved
 * from AWS_REGION or the profile (CDK_DEFAULT_REGION). Availability zones are not named by default:
 * the template asks CloudFormation for the region's first two (Fn::GetAZs), so one template shape
 * works in every region.
 */
import { z } from 'zod';

export const NAT_MODES = ['instance', 'gateway'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export interface MomentariumSettings {
  /** Region the stack deploys to; the account comes from the CLI's credentials at deploy time. */
  readonly region: string;
  /**
   * Zones to use, at least two (RDS subnet groups and RDS Proxy need two). Absent: the region's first
   * two, resolved by CloudFormation at deploy time.
   */
  readonly availabilityZones?: readonly string[] | undefined;
  readonly geminiModel: string;
  /** e.g. `t4g` + `micro` → db.t4g.micro. */
  readonly databaseInstanceClass: string;
  readonly databaseInstanceSize: string;
  readonly databaseAllocatedStorageGiB: number;
  readonly databaseMultiAz: boolean;
  /** How private subnets reach the internet (Gemini, SQS, Secrets Manager): see docs/deploying.md. */
  readonly natMode: NatMode;
  /**
   * true: deleting the stack keeps uploads, the user pool and a final database snapshot (see
   * docs/deploying.md, "Tear down"); a failed first deploy still rolls back cleanly.
   */
  readonly retainUserData: boolean;
  /** Restore: build the database from this snapshot (name or ARN) instead of an empty one. */
  readonly restoreDatabaseSnapshot?: string | undefined;
  /** Restore: use this kept user pool (its users and their ids) instead of creating one. */
  readonly restoreUserPoolId?: string | undefined;
  /**
   * RDS deletion protection. Off by default: the final snapshot already keeps the data, and with it
   * on, neither `cdk destroy` nor the rollback of a failed first deploy can remove the instance.
   */
  readonly deletionProtection: boolean;
  /** Extra browser origins allowed to PUT/GET uploads (e.g. a dev server); the site's own is always allowed. */
  readonly allowedOrigins: readonly string[];
  /** Upper bound on concurrent worker invocations (SQS event source maxConcurrency, 2..1000). */
  readonly workerConcurrency: number;
  /** Upper bound on concurrent ingest invocations, each reading up to 4 photos (2..1000). */
  readonly ingestConcurrency: number;
  readonly alarmEmail?: string | undefined;
  /** Whether anyone may sign up through the hosted UI; otherwise the operator invites users. */
  readonly selfSignUp: boolean;
  /** Hosted UI domain prefix; default derives a unique one from the stack id. */
  readonly cognitoDomainPrefix?: string | undefined;
  /** Optional custom domain for the site, with an ACM certificate in us-east-1 that covers it. */
  readonly siteDomainName?: string | undefined;
  readonly siteCertificateArn?: string | undefined;
  /**
   * An existing WAFv2 web ACL (CLOUDFRONT scope, so made in us-east-1) attached to the distribution:
   * the operator's own rules in front of the site, the API and the public sharing pages.
   */
  readonly wafWebAclArn?: string | undefined;
  /**
   * true: the stack creates and attaches a web ACL with a per-IP rate limit on the public sharing paths
   * (lib/constructs/public-page-firewall.ts). Only a stack in us-east-1 can own one (CloudFront's web
   * ACLs live there); elsewhere, create it in us-east-1 and pass `wafWebAclArn`.
   */
  readonly publicPageWaf: boolean;
  /** false synthesizes templates without building Lambda code (fast checks, tests, CI without npm). */
  readonly bundleLambdas: boolean;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads one context value; absent (undefined) lets the schema apply its default. */
export type ContextReader = (key: string) => unknown;

const boolean = z.preprocess(
  (value) => (value === 'true' ? true : value === 'false' ? false : value),
  z.boolean({ error: 'must be true or false' }),
);

const integer = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
    z.number().int().min(min).max(max),
  );

/** A JSON array, or a comma-separated string from `-c key=a,b`. */
const stringList = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return value;
    }
  }
  return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
}, z.array(z.string()));

const emptyAsUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

const origin = z
  .string()
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d+)?$/i, 'must be an origin like https://example.com');
const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be a region like us-east-1');

const schema = z
  .object({
    region: z.preprocess(emptyAsUndefined, region.optional()),
    availabilityZones: stringList
      .pipe(z.array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be AZ names like us-east-1a')))
      .pipe(z.array(z.string()).min(2, 'must name at least two availability zones'))
      .optional(),
    geminiModel: z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]*$/, 'must be a model id like gemini-3.5-flash-lite')
      .default('gemini-3.5-flash-lite'),
    databaseInstanceClass: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, 'must be a class like t4g')
      .default('t4g'),
    databaseInstanceSize: z
      .string()
      .regex(/^(nano|micro|small|medium|large|\d*xlarge|metal)$/, 'must be a size like micro')
      .default('micro'),
    databaseAllocatedStorageGiB: integer(20, 1000).default(20),
    databaseMultiAz: boolean.default(false),
    natMode: z.enum(NAT_MODES, { error: "must be 'instance' or 'gateway'" }).default('instance'),
    retainUserData: boolean.default(true),
    deletionProtection: boolean.default(false),
    allowedOrigins: stringList.pipe(z.array(origin)).default([]),
    workerConcurrency: integer(2, 1000).default(4),
    ingestConcurrency: integer(2, 1000).default(4),
    alarmEmail: z.preprocess(emptyAsUndefined, z.email('must be an email address').optional()),
    selfSignUp: boolean.default(false),
    cognitoDomainPrefix: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lowercase letters, digits and hyphens')
        .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'may not contain aws, amazon or cognito')
        .optional(),
    ),
    siteDomainName: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a host name like photos.example.com')
        .optional(),
    ),
    siteCertificateArn: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/.+$/,
          'must be an ACM certificate ARN in us-east-1',
        )
        .optional(),
    ),
    restoreDatabaseSnapshot: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^(arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:snapshot:)?[a-zA-Z][a-zA-Z0-9-]{0,254}$/,
          'must be a DB snapshot identifier or ARN',
        )
        .optional(),
    ),
    restoreUserPoolId: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[0-9A-Za-z]+$/, 'must be a user pool id like eu-west-1_AbC123')
        .optional(),
    ),
    wafWebAclArn: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(
          /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[\w-]{1,128}\/[0-9a-f-]{36}$/,
          'must be the ARN of a WAFv2 web ACL with CLOUDFRONT scope ' +
            '(arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>)',
        )
        .optional(),
    ),
    publicPageWaf: boolean.default(false),
    bundleLambdas: boolean.default(true),
  })
  .refine((settings) => Boolean(settings.siteDomainName) === Boolean(settings.siteCertificateArn), {
    message: 'siteDomainName and siteCertificateArn go together',
    path: ['siteCertificateArn'],
  })
  .refine(
    (settings) =>
      settings.region === undefined ||
      (settings.availabilityZones ?? []).every((zone) => zone.startsWith(settings.region as string)),
    { message: 'every availability zone must be in the region', path: ['availabilityZones'] },
  )
  .refine((settings) => !(settings.publicPageWaf && settings.wafWebAclArn), {
    message: 'publicPageWaf creates a web ACL and wafWebAclArn attaches an existing one: choose one',
    path: ['publicPageWaf'],
  })
  .refine(
    (settings) =>
      settings.region === undefined ||
      settings.restoreUserPoolId === undefined ||
      settings.restoreUserPoolId.startsWith(`${settings.region}_`),
    { message: 'the user pool must be in the region', path: ['restoreUserPoolId'] },
  );

export const SETTING_KEYS = Object.keys(schema.shape) as readonly string[];

/**
 * Reads and validates every setting; throws SettingsError naming each bad context key.
 * `defaultRegion` is the region the CDK CLI resolved (CDK_DEFAULT_REGION); context `region` wins.
 */
export function loadSettings(read: ContextReader, defaultRegion?: string): MomentariumSettings {
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, read(key) ?? undefined]));
  raw.region ??= defaultRegion || undefined;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'context');
      return `context key "${key}": ${issue.message} (got ${JSON.stringify(raw[key])})`;
    });
    throw new SettingsError(`invalid Momentarium settings: ${problems.join('; ')}`);
  }
  const { region, ...settings } = parsed.data;
  if (region === undefined) {
    throw new SettingsError(
      'no region: set AWS_REGION or a profile with a region (the CDK CLI passes it on as ' +
        'CDK_DEFAULT_REGION), or pass -c region=<region>',
    );
  }
  if (settings.publicPageWaf && region !== 'us-east-1') {
    throw new SettingsError(
      `invalid Momentarium settings: context key "publicPageWaf": CloudFront's web ACLs (CLOUDFRONT scope) ` +
        `can only be created in us-east-1, and this stack deploys to ${region}. Create the web ACL in ` +
        'us-east-1 (docs/deploying.md, "Sharing") and pass its ARN with -c wafWebAclArn=<arn> instead',
    );
  }
  return Object.freeze({
    ...settings,
    region,
    availabilityZones: settings.availabilityZones && Object.freeze(settings.availabilityZones),
    allowedOrigins: Object.freeze(settings.allowedOrigins),
  });
}
