/** Deployment settings: defaults, the string forms `-c key=value` produces, and errors that name the key. */
import { loadSettings, SettingsError } from '../../lib/config.ts';

const from = (context: Record<string, unknown>) => loadSettings((key) => context[key]);

test('defaults are the documented ones', () => {
  const settings = from({});
  expect(settings).toMatchObject({
    region: 'us-east-1',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    geminiModel: 'gemini-3.5-flash-lite',
    databaseInstanceClass: 't4g',
    databaseInstanceSize: 'micro',
    natMode: 'instance',
    retainUserData: true,
    deletionProtection: true,
    allowedOrigins: [],
    workerConcurrency: 4,
    selfSignUp: false,
    bundleLambdas: true,
  });
  expect(settings.alarmEmail).toBeUndefined();
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

test('availability zones default to the a and b zones of the chosen region', () => {
  expect(from({ region: 'ap-southeast-2' }).availabilityZones).toEqual([
    'ap-southeast-2a',
    'ap-southeast-2b',
  ]);
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
  const settings = from({});
  expect(Object.isFrozen(settings)).toBe(true);
  expect(Object.isFrozen(settings.availabilityZones)).toBe(true);
});
