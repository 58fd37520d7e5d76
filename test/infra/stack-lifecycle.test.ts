/**
 * What a deploy and a destroy do in a real account: the region comes from where the operator deploys
 * (not from this repository), zones are not pinned, and deleting the stack — or rolling back a failed
 * first deploy — can always finish while users' data is kept and can be restored.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { buildApp, resourcesOf } from './momentarium-app.ts';

const REGIONS = ['eu-west-1', 'ap-southeast-2'] as const;
const OTHER_REGION =
  /\b(us|eu|ap|sa|ca|me|af|il|mx)-(east|west|north|south|central|northeast|southeast)-\d\b/g;

describe.each(REGIONS)('synthesized for %s', (region) => {
  let json: string;
  let template: Template;

  beforeAll(() => {
    template = buildApp({ region }).template;
    json = JSON.stringify(template.toJSON());
  });

  test('every region-bound value names that region and no other', () => {
    // The one exception is global: AWS publishes the RDS rotation application in us-east-1's
    // Serverless Application Repository and deploys it from there into every region.
    const rotationApp = /arn:aws:serverlessrepo:us-east-1:297356227824:applications\//g;
    const regions = new Set(json.replace(rotationApp, '').match(OTHER_REGION));
    expect([...regions]).toEqual([region]);
    expect(json).toContain(`cdk-hnb659fds-assets-\${AWS::AccountId}-${region}`);
    expect(json).toContain(`https://cognito-idp.${region}.amazonaws.com/`);
    expect(json).toContain(`arn:aws:rds-db:${region}:`);
  });

  test('subnets take the first two zones CloudFormation reports for the region, not named ones', () => {
    const subnets = Object.values(resourcesOf(template, 'AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(6);
    const zones = new Set(subnets.map((subnet) => JSON.stringify(subnet.Properties.AvailabilityZone)));
    expect([...zones].sort()).toEqual(
      [0, 1].map((index) => JSON.stringify({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] })),
    );
  });
});

test('a stack deployed when zones were pinned keeps them by naming them (the documented upgrade)', () => {
  const { template } = buildApp({ region: 'us-east-1', availabilityZones: 'us-east-1a,us-east-1b' });
  const zones = Object.values(resourcesOf(template, 'AWS::EC2::Subnet')).map(
    (subnet) => subnet.Properties.AvailabilityZone,
  );
  expect(new Set(zones)).toEqual(new Set(['us-east-1a', 'us-east-1b']));
  const [nat] = Object.values(resourcesOf(template, 'AWS::EC2::Instance'));
  expect(nat?.Properties.AvailabilityZone).toBe('us-east-1a');
});

describe('removal: users’ data is kept, and the stack can always go', () => {
  let template: Template;
  beforeAll(() => {
    template = buildApp().template;
  });

  test('the database is snapshotted, then deleted with its subnet group, so the VPC can go too', () => {
    const [instance] = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'));
    expect(instance?.DeletionPolicy).toBe('Snapshot');
    expect(instance?.UpdateReplacePolicy).toBe('Snapshot');
    // Deletion protection would fail both the destroy and the rollback of a failed first deploy.
    expect(instance?.Properties.DeletionProtection).toBe(false);
    // Automated backups outlive the instance too (point-in-time restore within their 7 days).
    expect(instance?.Properties.DeleteAutomatedBackups).toBe(false);
    for (const group of Object.values(resourcesOf(template, 'AWS::RDS::DBSubnetGroup'))) {
      expect(group.DeletionPolicy ?? 'Delete').toBe('Delete');
    }
    for (const type of ['AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::SecurityGroup']) {
      for (const resource of Object.values(resourcesOf(template, type))) {
        expect(resource.DeletionPolicy ?? 'Delete').toBe('Delete');
      }
    }
  });

  test('uploads, the user pool and the Gemini key are kept on delete but not after a failed create', () => {
    const uploads = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).find(
      (bucket) => bucket.Properties.CorsConfiguration,
    );
    const [pool] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPool'));
    const key = Object.values(resourcesOf(template, 'AWS::SecretsManager::Secret')).find((secret) =>
      String(secret.Properties.Description).includes('Gemini'),
    );
    for (const kept of [uploads, pool, key]) {
      expect(kept?.DeletionPolicy).toBe('RetainExceptOnCreate');
      expect(kept?.UpdateReplacePolicy).toBe('Retain');
    }
    // Protection on the pool would block the rollback of a failed first deploy (ROLLBACK_FAILED).
    expect(pool?.Properties.DeletionProtection).toBe('INACTIVE');
  });

  test('nothing else is retained, so nothing else is left behind', () => {
    const retained = Object.entries(template.toJSON().Resources as Record<string, any>)
      .filter(([, resource]) =>
        ['Retain', 'RetainExceptOnCreate', 'Snapshot'].includes(resource.DeletionPolicy),
      )
      .map(([, resource]) => resource.Type as string)
      .sort();
    expect(retained).toEqual([
      'AWS::Cognito::UserPool',
      'AWS::RDS::DBInstance',
      // The access-log bucket (kept even after a failed create: it holds the record, and expires it).
      'AWS::S3::Bucket',
      'AWS::S3::Bucket',
      'AWS::SecretsManager::Secret',
    ]);
  });
});

describe('restore from what a deleted stack kept', () => {
  let template: Template;
  beforeAll(() => {
    template = buildApp({
      restoreDatabaseSnapshot: 'momentarium-final-snapshot',
      restoreUserPoolId: 'us-east-1_AbC123xyz',
    }).template;
  });

  test('the database is created from the snapshot with a newly generated master password', () => {
    const [instance] = Object.values(resourcesOf(template, 'AWS::RDS::DBInstance'));
    expect(instance?.Properties.DBSnapshotIdentifier).toBe('momentarium-final-snapshot');
    // The database, its user and its grants come from the snapshot.
    expect(instance?.Properties.DBName).toBeUndefined();
    expect(instance?.Properties.MasterUsername).toBeUndefined();
    expect(JSON.stringify(instance?.Properties.MasterUserPassword)).toContain('resolve:secretsmanager');
    expect(instance?.DeletionPolicy).toBe('Snapshot');
    // The proxy logs in with that same new secret, and it is rotated like the original.
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
  });

  test('the kept user pool is used, not a new one: its users keep the ids that own the photos', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    const [client] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
    expect(client?.Properties.UserPoolId).toBe('us-east-1_AbC123xyz');
    const [domain] = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolDomain'));
    expect(domain?.Properties.UserPoolId).toBe('us-east-1_AbC123xyz');
    expect(JSON.stringify(template.toJSON())).toContain(
      'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123xyz',
    );
  });
});
