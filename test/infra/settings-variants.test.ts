/**
 * The choices an operator makes through context change the template the way docs/deploying.md says.
 * One stack with every non-default choice keeps this to a single synth.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf } from './momentarium-app.ts';

let template: Template;

beforeAll(() => {
  template = buildApp({
    natMode: 'gateway',
    retainUserData: 'false',
    deletionProtection: 'false',
    databaseMultiAz: 'true',
    workerConcurrency: '7',
    alarmEmail: 'ops@example.com',
    allowedOrigins: 'http://localhost:5173',
    siteDomainName: 'photos.example.com',
    siteCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
    geminiModel: 'gemini-3.8-flash',
  }).template;
});

test('natMode=gateway uses one managed NAT gateway and no NAT instance', () => {
  template.resourceCountIs('AWS::EC2::NatGateway', 1);
  template.resourceCountIs('AWS::EC2::Instance', 0);
});

test('retainUserData=false lets a stack deletion remove uploads and the database', () => {
  const uploads = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).find(
    (bucket) => bucket.Properties.CorsConfiguration,
  );
  expect(uploads?.DeletionPolicy).toBe('Delete');
  const [instance] = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'));
  expect(instance?.DeletionPolicy).toBe('Delete');
  expect(instance?.Properties.DeletionProtection).toBe(false);
  expect(instance?.Properties.MultiAZ).toBe(true);
  // Non-empty buckets cannot be deleted by CloudFormation; the auto-delete resource empties them.
  expect(Object.keys(resourcesOf(template, 'Custom::S3AutoDeleteObjects')).length).toBeGreaterThanOrEqual(3);
});

test('worker concurrency and the model id come from context', () => {
  const [mapping] = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping'));
  expect(mapping?.Properties.ScalingConfig).toEqual({ MaximumConcurrency: 7 });
  const worker = Object.values(resourcesOf(template, 'AWS::Lambda::Function')).find((fn) =>
    String(fn.Properties.Description).includes('worker'),
  );
  expect(worker?.Properties.Environment.Variables.GEMINI_MODEL).toBe('gemini-3.8-flash');
});

test('alarmEmail subscribes the address to the alarm topic', () => {
  template.hasResourceProperties('AWS::SNS::Subscription', {
    Protocol: 'email',
    Endpoint: 'ops@example.com',
  });
});

test('a custom domain gets its certificate, TLS 1.2 (2021) minimum, and CORS for that origin', () => {
  const [distribution] = Object.values(resourcesOf(template, 'AWS::CloudFront::Distribution'));
  expect(distribution?.Properties.DistributionConfig.Aliases).toEqual(['photos.example.com']);
  expect(distribution?.Properties.DistributionConfig.ViewerCertificate).toMatchObject({
    MinimumProtocolVersion: 'TLSv1.2_2021',
    SslSupportMethod: 'sni-only',
  });
  const uploads = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).find(
    (bucket) => bucket.Properties.CorsConfiguration,
  );
  expect(uploads?.Properties.CorsConfiguration.CorsRules[0].AllowedOrigins).toEqual([
    'https://photos.example.com',
    'http://localhost:5173',
  ]);
  const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
  expect(client?.Properties.CallbackURLs).toEqual(['https://photos.example.com/']);
});
