/**
 * CDK context → frozen, typed deployment settings, validated once before any construct is built.
 * Values come from cdk.json (typed JSON) or from `-c key=value` on the command line (always strings),
 * so every reader accepts both forms. A bad value fails synth with a message naming the context key.
 */
import { z } from 'zod';

export const NAT_MODES = ['instance', 'gateway'] as const;
export type NatMode = (typeof NAT_MODES)[number];

export interface MomentariumSettings {
  /** Region the stack deploys to; the account comes from the CLI's credentials at deploy time. */
  readonly region: string;
  /** At least two: RDS subnet groups and RDS Proxy need two AZs. Named here so synth needs no lookups. */
  readonly availabilityZones: readonly string[];
  readonly geminiModel: string;
  /** e.g. `t4g` + `micro` → db.t4g.micro. */
  readonly databaseInstanceClass: string;
  readonly databaseInstanceSize: string;
  readonly databaseAllocatedStorageGiB: number;
  readonly databaseMultiAz: boolean;
  /** How private subnets reach the internet (Gemini, SQS, Secrets Manager): see docs/deploying.md. */
  readonly natMode: NatMode;
  /** RETAIN (true) keeps uploads and the database when the stack is deleted. */
  readonly retainUserData: boolean;
  readonly deletionProtection: boolean;
  /** Extra browser origins allowed to PUT/GET uploads (e.g. a dev server); the site's own is always allowed. */
  readonly allowedOrigins: readonly string[];
  /** Upper bound on concurrent worker invocations (SQS event source maxConcurrency, 2..1000). */
  readonly workerConcurrency: number;
  readonly alarmEmail?: string | undefined;
  /** Whether anyone may sign up through the hosted UI; otherwise the operator invites users. */
  readonly selfSignUp: boolean;
  /** Hosted UI domain prefix; default derives a unique one from the stack id. */
  readonly cognitoDomainPrefix?: string | undefined;
  /** Optional custom domain for the site, with an ACM certificate in us-east-1 that covers it. */
  readonly siteDomainName?: string | undefined;
  readonly siteCertificateArn?: string | undefined;
  /** false synthesizes templates without building Lambda code (fast checks, tests, CI without npm). */
  readonly bundleLambdas: boolean;
}

export class SettingsError extends Error {
  override name = 'SettingsError';
}

/** Reads one context value; absent (undefined) lets the schema apply its default. */
export type ContextReader = (key: string) => unknown;

const DEFAULT_REGION = 'us-east-1';

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
    region: region.default(DEFAULT_REGION),
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
    deletionProtection: boolean.default(true),
    allowedOrigins: stringList.pipe(z.array(origin)).default([]),
    workerConcurrency: integer(2, 1000).default(4),
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
    bundleLambdas: boolean.default(true),
  })
  .refine((settings) => Boolean(settings.siteDomainName) === Boolean(settings.siteCertificateArn), {
    message: 'siteDomainName and siteCertificateArn go together',
    path: ['siteCertificateArn'],
  })
  .refine(
    (settings) => (settings.availabilityZones ?? []).every((zone) => zone.startsWith(settings.region)),
    { message: 'every availability zone must be in the region', path: ['availabilityZones'] },
  );

export const SETTING_KEYS = Object.keys(schema.shape) as readonly string[];

/** Reads and validates every setting; throws SettingsError naming each bad context key. */
export function loadSettings(read: ContextReader): MomentariumSettings {
  const raw = Object.fromEntries(SETTING_KEYS.map((key) => [key, read(key) ?? undefined]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? 'context');
      return `context key "${key}": ${issue.message} (got ${JSON.stringify(raw[key])})`;
    });
    throw new SettingsError(`invalid Momentarium settings: ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  return Object.freeze({
    ...settings,
    availabilityZones: Object.freeze(
      settings.availabilityZones ?? [`${settings.region}a`, `${settings.region}b`],
    ),
    allowedOrigins: Object.freeze(settings.allowedOrigins),
  });
}
