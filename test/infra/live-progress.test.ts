/**
 * Live progress in AWS (lib/constructs/live-progress.ts): an AppSync Event API whose subscribers are
 * the user pool's users, each on their own channel only; publishing is IAM, and only ingest and the
 * worker may publish; errors are logged.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { PROGRESS_NAMESPACE_CODE } from '../../lib/constructs/live-progress.ts';
import { buildApp, functionIdByDescription, resourcesOf } from './momentarium-app.ts';

let template: Template;
let api: { id: string; config: any };
beforeAll(() => {
  template = buildApp().template;
  const apis = Object.entries(resourcesOf(template, 'AWS::AppSync::Api'));
  expect(apis).toHaveLength(1);
  const [id, resource] = apis[0] as [string, any];
  api = { id, config: resource.Properties.EventConfig };
});

const authTypes = (modes: { AuthType: string }[]) => modes.map((mode) => mode.AuthType);

test('browsers connect and subscribe with the user pool’s tokens; only IAM publishes', () => {
  const userPools = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'));
  expect(api.config.AuthProviders).toEqual([
    {
      AuthType: 'AMAZON_COGNITO_USER_POOLS',
      CognitoConfig: { AwsRegion: 'us-east-1', UserPoolId: { Ref: userPools[0] } },
    },
    { AuthType: 'AWS_IAM' },
  ]);
  expect(authTypes(api.config.ConnectionAuthModes)).toEqual(['AMAZON_COGNITO_USER_POOLS']);
  expect(authTypes(api.config.DefaultSubscribeAuthModes)).toEqual(['AMAZON_COGNITO_USER_POOLS']);
  expect(authTypes(api.config.DefaultPublishAuthModes)).toEqual(['AWS_IAM']);
  const namespaces = Object.values(resourcesOf(template, 'AWS::AppSync::ChannelNamespace'));
  expect(namespaces.map((namespace) => namespace.Properties.Name)).toEqual(['progress']);
  const [progress] = namespaces as any[];
  expect(authTypes(progress.Properties.PublishAuthModes)).toEqual(['AWS_IAM']);
  expect(authTypes(progress.Properties.SubscribeAuthModes)).toEqual(['AMAZON_COGNITO_USER_POOLS']);
  expect(progress.Properties.CodeHandlers).toBe(PROGRESS_NAMESPACE_CODE);
});

test('errors are logged to a log group with a retention, by a role that may write there alone', () => {
  expect(api.config.LogConfig).toEqual({
    LogLevel: 'ERROR',
    CloudWatchLogsRoleArn: { 'Fn::GetAtt': [expect.stringMatching(/^LiveProgressLogsRole/), 'Arn'] },
  });
  const roleId = api.config.LogConfig.CloudWatchLogsRoleArn['Fn::GetAtt'][0];
  const [groupId, group] = Object.entries(resourcesOf(template, 'AWS::Logs::LogGroup')).find(([id]) =>
    id.startsWith('LiveProgressLogs'),
  ) as [string, any];
  expect(group.Properties).toMatchObject({
    LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': [api.id, 'ApiId'] }]] },
    RetentionInDays: 30,
  });
  const statements = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  expect(statements).toEqual([
    {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: { 'Fn::GetAtt': [groupId, 'Arn'] },
    },
  ]);
  expect(resourcesOf(template, 'AWS::IAM::Role')[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
});

test('only ingest and the worker may publish, to the progress namespace only, and know where to', () => {
  const publishers = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as any[])
      .filter((statement) => JSON.stringify(statement.Action).includes('appsync:'))
      .map((statement) => ({ roles: policy.Properties.Roles, statement })),
  );
  const roleOf = (id: string) => template.toJSON().Resources[id].Properties.Role;
  const ingest = functionIdByDescription(template, 'Momentarium ingest');
  const worker = functionIdByDescription(template, 'Momentarium worker');
  const roles = publishers.map((entry) => JSON.stringify(entry.roles)).sort();
  expect(roles).toEqual(
    [ingest, worker].map((id) => JSON.stringify([{ Ref: roleOf(id)['Fn::GetAtt'][0] }])).sort(),
  );
  for (const { statement } of publishers) {
    expect(statement.Action).toBe('appsync:EventPublish');
    expect(JSON.stringify(statement.Resource)).toContain('/channelNamespace/progress');
  }
  for (const id of [ingest, worker]) {
    const variables = template.toJSON().Resources[id].Properties.Environment.Variables;
    expect(variables.PROGRESS_EVENTS_URL).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [api.id, 'Dns.Http'] }, '/event']],
    });
  }
});

describe('the onSubscribe handler', () => {
  // The handler as AppSync runs it, with AppSync's util.unauthorized (which throws).
  const onSubscribe = new Function(
    'util',
    `${PROGRESS_NAMESPACE_CODE.replace(/^import .*$/m, '').replace(/export function/g, 'function')}\nreturn onSubscribe;`,
  )({
    unauthorized: () => {
      throw new Error('Unauthorized');
    },
  }) as (ctx: unknown) => void;
  const subscribe = (path: string, sub: string) => () =>
    onSubscribe({ identity: { sub }, info: { channel: { path, segments: path.split('/').slice(1) } } });
  const sub = '7f3e2a10-1b2c-4d5e-8f90-a1b2c3d4e5f6';

  it('lets a user subscribe to their own channel', () => {
    expect(subscribe(`/progress/${sub}`, sub)).not.toThrow();
  });

  it('refuses another user’s channel, wildcards and deeper paths', () => {
    for (const path of [
      '/progress/0a1b2c3d-0000-4000-8000-000000000000',
      '/progress/*',
      `/progress/${sub}/*`,
      `/progress/${sub}/more`,
      `/other/${sub}`,
    ])
      expect(subscribe(path, sub)).toThrow('Unauthorized');
  });
});
