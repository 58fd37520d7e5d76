/** Deployment settings: defaults, the string forms `-c key=value` produces, and errors that name the key. */
import { loadSettings, SettingsError } from '../../lib/config.ts';

/** Settings from `context`, on a machine whose CLI resolved us-east-1 (AWS_REGION or the profile). */
const from = (context: Record<string, unknown>, defaultRegion = 'us-east-1') =>
  loadSettings((key) => context[key], defaultRegion);

test('defaults are the documented ones', () => {
  const settings = from({});
  expect(settings).toMatchObject({
    region: 'us-east-1',
    geminiModel: 'gemini-3.5-flash-lite',
    databaseInstanceClass: 't4g',
    databaseInstanceSize: 'micro',
    natMode: 'instance',
    retainUserData: true,
    deletionProtection: false,
    allowedOrigins: [],
    workerConcurrency: 4,
    selfSignUp: false,
    bundleLambdas: true,
  });
  expect(settings.alarmEmail).toBeUndefined();
  // Not pinned: the template asks CloudFormation for the region's zones at deploy time.
  expect(settings.availabilityZones).toBeUndefined();
  expect(settings.restoreDatabaseSnapshot).toBeUndefined();
  expect(settings.restoreUserPoolId).toBeUndefined();
});

test('the region is the CLI-resolved one unless context names one', () => {
  expect(from({}, 'eu-west-1').region).toBe('eu-west-1');
  expect(from({ region: 'ap-southeast-2' }, 'eu-west-1').region).toBe('ap-southeast-2');
  expect(() => loadSettings(() => undefined)).toThrow(/no region: set AWS_REGION/);
  expect(() => loadSettings(() => undefined, '')).toThrow(SettingsError);
});

test('restore settings name a snapshot and a user pool of the region', () => {
  const settings = from({
    restoreDatabaseSnapshot: 'momentarium-final-2026-11-30',
    restoreUserPoolId: 'us-east-1_AbC123xyz',
  });
  expect(settings).toMatchObject({
    restoreDatabaseSnapshot: 'momentarium-final-2026-11-30',
    restoreUserPoolId: 'us-east-1_AbC123xyz',
  });
  expect(
    from({ restoreDatabaseSnapshot: 'arn:aws:rds:us-east-1:123456789012:snapshot:final-1' })
      .restoreDatabaseSnapshot,
  ).toBe('arn:aws:rds:us-east-1:123456789012:snapshot:final-1');
  expect(() => from({ restoreUserPoolId: 'eu-west-1_AbC123' })).toThrow('restoreUserPoolId');
});

test('command-line strings become booleans, numbers and lists', () => {
  const settings = from({
    region: 'eu-west-1',
    retainUserData: 'false',
    deletionProtection: 'false',
    workerConcurrency: '10',
    allowedOrigins: 'http://localhost:5173, https://example.com',
    availabilityZones: '["eu-west-1b","eu-west-1c"]',
    alarmEmail: 'ops@example.com',
  });
  expect(settings).toMatchObject({
    region: 'eu-west-1',
    retainUserData: false,
    deletionProtection: false,
    workerConcurrency: 10,
    allowedOrigins: ['http://localhost:5173', 'https://example.com'],
    availabilityZones: ['eu-west-1b', 'eu-west-1c'],
    alarmEmail: 'ops@example.com',
  });
});

test('availability zones may be named for the chosen region', () => {
  expect(
    from({ region: 'ap-southeast-2', availabilityZones: 'ap-southeast-2b,ap-southeast-2c' })
      .availabilityZones,
  ).toEqual(['ap-southeast-2b', 'ap-southeast-2c']);
});

test.each([
  ['natMode', 'nat-gateway'],
  ['workerConcurrency', '1'],
  ['workerConcurrency', 'many'],
  ['retainUserData', 'yes'],
  ['alarmEmail', 'not-an-email'],
  ['allowedOrigins', 'example.com'],
  ['region', 'Europe'],
  ['geminiModel', 'Gemini 3'],
  ['cognitoDomainPrefix', 'my-aws-login'],
  ['restoreDatabaseSnapshot', 'snapshot with spaces'],
  ['restoreUserPoolId', 'not-a-pool'],
])('a bad %s fails with a message naming it', (key, value) => {
  expect(() => from({ [key]: value })).toThrow(SettingsError);
  expect(() => from({ [key]: value })).toThrow(`context key "${key}"`);
});

test('availability zones must be in the region, and at least two', () => {
  expect(() => from({ availabilityZones: ['eu-west-1a', 'eu-west-1b'] })).toThrow('availabilityZones');
  expect(() => from({ availabilityZones: ['us-east-1a'] })).toThrow('at least two');
});

test('a custom domain needs its certificate', () => {
  expect(() => from({ siteDomainName: 'photos.example.com' })).toThrow('siteCertificateArn');
});

test('settings are frozen', () => {
  const settings = from({ availabilityZones: ['us-east-1a', 'us-east-1b'] });
  expect(Object.isFrozen(settings)).toBe(true);
  expect(Object.isFrozen(settings.availabilityZones)).toBe(true);
});

describe('the WAF option', () => {
  const acl =
    'arn:aws:wafv2:us-east-1:123456789012:global/webacl/team-acl/473e64fd-f30b-4765-81a0-62ad96dd167a';

  test('is off by default; either creates a web ACL (us-east-1) or attaches one by ARN', () => {
    expect(from({})).toMatchObject({ publicPageWaf: false });
    expect(from({}).wafWebAclArn).toBeUndefined();
    expect(from({ publicPageWaf: 'true' }).publicPageWaf).toBe(true);
    expect(from({ wafWebAclArn: acl }, 'eu-west-1').wafWebAclArn).toBe(acl);
  });

  test('an ARN must be a CLOUDFRONT-scope web ACL (us-east-1, global/webacl)', () => {
    for (const wrong of [
      acl.replace('us-east-1', 'eu-west-1'),
      acl.replace('global/', 'regional/'),
      'team-acl',
      'arn:aws:waf::123456789012:webacl/473e64fd-f30b-4765-81a0-62ad96dd167a',
    ]) {
      expect(() => from({ wafWebAclArn: wrong })).toThrow(
        /context key "wafWebAclArn": must be the ARN of a WAFv2 web ACL with CLOUDFRONT scope/,
      );
    }
  });

  test('creating one needs a stack in us-east-1, and the message says what to do instead', () => {
    expect(() => from({ publicPageWaf: 'true' }, 'eu-west-1')).toThrow(
      /"publicPageWaf": .*only be created in us-east-1.*deploys to eu-west-1.*-c wafWebAclArn=/,
    );
  });

  test('creating one and attaching another do not go together', () => {
    expect(() => from({ publicPageWaf: true, wafWebAclArn: acl })).toThrow(/"publicPageWaf": .*choose one/);
  });
});
