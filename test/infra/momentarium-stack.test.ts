/**
 * What the deployed stack promises, read from the synthesized template with the operator's defaults
 * (cdk.json). Each test names an intent; none compares against a snapshot.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { UPLOAD_STATE_TAG } from '../../lambdas/adapters/s3/upload-state.ts';
import { DETAILS_RUN_BUDGET_MS } from '../../lambdas/core/use-cases/read-missing-details.ts';
import { PURGE_RUN_BUDGET_MS } from '../../lambdas/core/use-cases/trash.ts';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import { WORLD_MAP_PATH, worldMap } from '../../lambdas/web-content/world-map.ts';
import { MAX_RECEIVE_COUNT } from '../../lib/constructs/job-queue.ts';
import { VPC_CIDR } from '../../lib/constructs/network.ts';
import {
  type BuiltApp,
  buildApp,
  functionIdByDescription,
  momentariumFunctions,
  resourcesOf,
} from './momentarium-app.ts';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let built: BuiltApp;
let template: Template;

beforeAll(() => {
  built = buildApp();
  template = built.template;
});

const onlyResource = (type: string): [string, any] => {
  const entries = Object.entries(resourcesOf(template, type));
  expect(entries).toHaveLength(1);
  return entries[0] as [string, any];
};

const statementsOfRole = (roleLogicalId: string): any[] =>
  Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => (policy.Properties.Roles ?? []).some((role: any) => role.Ref === roleLogicalId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

const actionsOfFunction = (functionId: string): string[] => {
  const roleId = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties.Role['Fn::GetAtt'][0];
  return statementsOfRole(roleId).flatMap((statement) => [statement.Action].flat());
};

const environmentOf = (functionId: string): Record<string, unknown> =>
  resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties.Environment.Variables;

const routeFunctionId = (name: string): string => {
  const route = routes.find((candidate) => candidate.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return functionIdByDescription(template, `Momentarium ${route.method} ${route.path}`);
};

const workerId = () => functionIdByDescription(template, 'worker');

/** Every function but the routes whose manifest entry declares no database access (the API description). */
const databaseFunctionIds = (): string[] => {
  const withoutDatabase = routes
    .filter((route) => !route.access.includes('database'))
    .map((route) => routeFunctionId(route.name));
  expect(withoutDatabase).toHaveLength(1);
  return Object.keys(momentariumFunctions(template)).filter((id) => !withoutDatabase.includes(id));
};

describe('storage', () => {
  test('every bucket blocks public access, enforces bucket-owner ownership and is encrypted', () => {
    const buckets = Object.values(resourcesOf(template, 'AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThanOrEqual(3);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.OwnershipControls.Rules).toEqual([{ ObjectOwnership: 'BucketOwnerEnforced' }]);
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
  });

  test('every bucket policy denies requests that are not over TLS', () => {
    const buckets = Object.keys(resourcesOf(template, 'AWS::S3::Bucket'));
    const policies = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy'));
    for (const bucketId of buckets) {
      const policy = policies.find((candidate) => candidate.Properties.Bucket.Ref === bucketId);
      expect(policy).toBeDefined();
      expect(policy?.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  test('the uploads bucket allows CORS from the site origin only, for PUT/GET/HEAD', () => {
    const uploads = Object.values(resourcesOf(template, 'AWS::S3::Bucket')).find(
      (bucket) => bucket.Properties.CorsConfiguration,
    );
    const [rule] = uploads?.Properties.CorsConfiguration.CorsRules ?? [];
    expect(rule.AllowedMethods.sort()).toEqual(['GET', 'HEAD', 'PUT']);
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins)).toContain('WebsiteDistribution');
    expect(JSON.stringify(rule.AllowedOrigins)).not.toContain('*');
  });

  test('the uploads bucket aborts incomplete multipart uploads after a day, logs access and is kept except on a failed create', () => {
    const [id, uploads] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(
      ([, bucket]) => bucket.Properties.CorsConfiguration,
    ) as [string, any];
    expect(uploads.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: 'Enabled',
      }),
    );
    expect(uploads.Properties.LoggingConfiguration.DestinationBucketName).toBeDefined();
    expect(uploads.DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(uploads.UpdateReplacePolicy).toBe('Retain');
    expect(id).toMatch(/^UploadsBucket/);
  });
});

describe('abandoned uploads', () => {
  test('expire after a week when still tagged as uploaded, the tag the upload URLs sign', () => {
    const [, uploads] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(
      ([, bucket]) => bucket.Properties.CorsConfiguration,
    ) as [string, any];
    expect(uploads.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({
        Id: 'expire-abandoned-uploads',
        Prefix: 'users/',
        TagFilters: [{ Key: UPLOAD_STATE_TAG, Value: 'uploaded' }],
        ExpirationInDays: 7,
        Status: 'Enabled',
      }),
    );
    expect(uploads.Properties.CorsConfiguration.CorsRules[0].AllowedHeaders).toContain('x-amz-tagging');
  });

  test('the functions that sign uploads and the worker may tag objects; no one else', () => {
    const taggers = new Set([routeFunctionId('generate-upload-urls'), workerId()]);
    for (const [id] of Object.entries(momentariumFunctions(template))) {
      expect([id, actionsOfFunction(id).includes('s3:PutObjectTagging')]).toEqual([id, taggers.has(id)]);
    }
  });
});

describe('maintenance', () => {
  test('a daily schedule cleans up (photos never organized, the Trash, deleted albums) and may do nothing else', () => {
    const cleanUp = functionIdByDescription(
      template,
      'Momentarium: daily clean-up (photos never organized, the Trash, deleted albums)',
    );
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));
    const daily = rules.filter((rule) => JSON.stringify(rule.Properties.Targets).includes(cleanUp));
    expect(daily).toHaveLength(1);
    expect(daily[0]?.Properties.ScheduleExpression).toBe('cron(17 3 * * ? *)');
    // It deletes files under users/ and reaches the database; nothing else.
    expect(actionsOfFunction(cleanUp).filter((action) => !action.startsWith('rds-db:'))).toEqual([
      's3:DeleteObject',
    ]);
    expect(environmentOf(cleanUp)).toHaveProperty('DATABASE_URL');
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[cleanUp];
    // The Trash's part starts no batch after its budget: the timeout leaves a minute or more to finish one.
    expect(fn?.Properties.Timeout * 1000).toBeGreaterThanOrEqual(PURGE_RUN_BUDGET_MS + 60_000);
  });

  test('an hourly schedule reads the details of photos read before they were kept, and may only read originals', () => {
    const details = functionIdByDescription(
      template,
      'Momentarium: hourly read of the details of photos read before they were kept',
    );
    const rules = Object.values(resourcesOf(template, 'AWS::Events::Rule'));
    const hourly = rules.filter((rule) => JSON.stringify(rule.Properties.Targets).includes(details));
    expect(hourly).toHaveLength(1);
    expect(hourly[0]?.Properties.ScheduleExpression).toBe('rate(1 hour)');
    // It reads objects under users/ (listing, so a missing original is a 404) and reaches the database.
    expect(
      actionsOfFunction(details)
        .filter((action) => !action.startsWith('rds-db:'))
        .sort(),
    ).toEqual(['s3:GetObject', 's3:ListBucket']);
    // A failed run waits for the next hour: Lambda does not retry the asynchronous call.
    const invokeConfigs = Object.values(resourcesOf(template, 'AWS::Lambda::EventInvokeConfig')).filter(
      (config) => JSON.stringify(config.Properties.FunctionName).includes(details),
    );
    expect(invokeConfigs.map((config) => config.Properties.MaximumRetryAttempts)).toEqual([0]);
    const fn = resourcesOf(template, 'AWS::Lambda::Function')[details];
    // No original is fetched after the run's budget: the timeout leaves a minute or more to finish.
    expect(fn?.Properties.Timeout * 1000).toBeGreaterThanOrEqual(DETAILS_RUN_BUDGET_MS + 60_000);
  });
});

describe('job queue', () => {
  test('jobs go to a dead-letter queue after at least 5 receives; both queues are encrypted', () => {
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const [, jobs] = Object.entries(queues).find(([, queue]) => queue.Properties.RedrivePolicy) as [
      string,
      any,
    ];
    expect(jobs.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(jobs.Properties.RedrivePolicy.maxReceiveCount).toBe(MAX_RECEIVE_COUNT);
    const dlqId = jobs.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(queues[dlqId]).toBeDefined();
    for (const queue of Object.values(queues)) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
  });

  test('every queue (jobs, ingest, their dead letters) refuses requests that are not over TLS', () => {
    for (const policy of Object.values(resourcesOf(template, 'AWS::SQS::QueuePolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
    expect(Object.keys(resourcesOf(template, 'AWS::SQS::QueuePolicy'))).toHaveLength(4);
  });

  test('the visibility timeout is at least six times the worker timeout', () => {
    const jobs = Object.values(resourcesOf(template, 'AWS::SQS::Queue')).find(
      (queue) => queue.Properties.RedrivePolicy,
    );
    const worker = resourcesOf(template, 'AWS::Lambda::Function')[workerId()];
    expect(jobs?.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * worker?.Properties.Timeout);
  });

  test('the job lease outlives any worker attempt and expires before SQS redelivers', () => {
    const jobs = Object.values(resourcesOf(template, 'AWS::SQS::Queue')).find(
      (queue) => queue.Properties.RedrivePolicy,
    );
    const worker = resourcesOf(template, 'AWS::Lambda::Function')[workerId()];
    const lease = Number(environmentOf(workerId()).JOB_LEASE_SECONDS);
    expect(lease).toBeGreaterThan(worker?.Properties.Timeout);
    expect(lease).toBeLessThan(jobs?.Properties.VisibilityTimeout);
  });

  test('a failed delivery is handed back after 2 minutes doubling up to the lease, not the visibility timeout', () => {
    const environment = environmentOf(workerId());
    expect(environment.JOB_RETRY_BASE_SECONDS).toBe('120');
    expect(environment.JOB_RETRY_MAX_SECONDS).toBe(environment.JOB_LEASE_SECONDS);
    expect(actionsOfFunction(workerId())).toContain('sqs:ChangeMessageVisibility');
  });

  test('the worker takes one message at a time, reports failures per record, with bounded concurrency', () => {
    const mapping = Object.values(resourcesOf(template, 'AWS::Lambda::EventSourceMapping')).find(
      (candidate) => candidate.Properties.FunctionName.Ref === workerId(),
    ) as any;
    expect(mapping.Properties).toMatchObject({
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 4 },
      FunctionName: { Ref: workerId() },
    });
  });
});

describe('API', () => {
  test('every route of the route manifest exists; all but the public ones require the Cognito JWT authorizer', () => {
    const apiRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route'));
    expect(apiRoutes).toHaveLength(routes.length);
    const [authorizerId, authorizer] = onlyResource('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    expect(JSON.stringify(authorizer.Properties.JwtConfiguration.Issuer)).toContain('cognito-idp');
    for (const route of routes) {
      const apiRoute = apiRoutes.find(
        (candidate) => candidate.Properties.RouteKey === `${route.method} ${route.path}`,
      );
      expect(apiRoute).toBeDefined();
      if (!route.authorized) {
        expect(apiRoute?.Properties.AuthorizationType).toBe('NONE');
        expect(apiRoute?.Properties.AuthorizerId).toBeUndefined();
      } else {
        expect(apiRoute?.Properties.AuthorizationType).toBe('JWT');
        expect(apiRoute?.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
      }
    }
  });

  test('only health, the API description and a shared album’s page and its data are public', () => {
    const publicRoutes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).filter(
      (route) => route.Properties.AuthorizationType !== 'JWT',
    );
    expect(publicRoutes.map((route) => route.Properties.RouteKey).sort()).toEqual([
      'GET /api/health',
      'GET /api/openapi.json',
      'GET /api/shared/{token}',
      'GET /s/{token}',
    ]);
  });

  test('each route has its own function', () => {
    const functionIds = routes.map((route) => routeFunctionId(route.name));
    expect(new Set(functionIds).size).toBe(routes.length);
  });

  test('routes share a role exactly when they declare the same access: none is granted more than it declares', () => {
    const roleOf = (name: string): string =>
      resourcesOf(template, 'AWS::Lambda::Function')[routeFunctionId(name)]?.Properties.Role['Fn::GetAtt'][0];
    const accessOf = (name: string): string =>
      [...(routes.find((route) => route.name === name)?.access ?? [])].sort().join('+');
    for (const a of routes)
      for (const b of routes)
        if (a.name < b.name)
          expect([a.name, b.name, roleOf(a.name) === roleOf(b.name)]).toEqual([
            a.name,
            b.name,
            accessOf(a.name) === accessOf(b.name),
          ]);
    // The worker and ingest keep roles of their own.
    const routeRoles = new Set(routes.map((route) => roleOf(route.name)));
    const workerRole = resourcesOf(template, 'AWS::Lambda::Function')[workerId()]?.Properties.Role[
      'Fn::GetAtt'
    ][0];
    expect(routeRoles.has(workerRole)).toBe(false);
  });

  test("the stack keeps room under CloudFormation's 500 resources per stack", () => {
    // Each route costs about 5 resources (function, log group, integration, permission, route; routes
    // with the same access share a role and its policy). When this fails, routes need a nested stack
    // or a shared log group, not a higher number here: at 500 `cdk deploy` is refused.
    const count = Object.keys(template.toJSON().Resources).length;
    expect(count).toBeLessThanOrEqual(480);
  });

  test('the JWT audience is the public web client, which uses code + PKCE and has no secret', () => {
    const [clientId, client] = onlyResource('AWS::Cognito::UserPoolClient');
    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
    });
    expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    const [, authorizer] = onlyResource('AWS::ApiGatewayV2::Authorizer');
    expect(authorizer.Properties.JwtConfiguration.Audience).toEqual([{ Ref: clientId }]);
  });

  test('the stage is throttled and writes JSON access logs', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('database', () => {
  test('RDS Proxy requires TLS and IAM authentication', () => {
    template.hasResourceProperties('AWS::RDS::DBProxy', {
      RequireTLS: true,
      EngineFamily: 'POSTGRESQL',
      Auth: [Match.objectLike({ IAMAuth: 'REQUIRED', AuthScheme: 'SECRETS' })],
    });
  });

  test('PostgreSQL 17 is private, encrypted, backed up, and snapshotted when deleted', () => {
    const [, instance] = onlyResource('AWS::RDS::DBInstance');
    expect(instance.Properties).toMatchObject({
      Engine: 'postgres',
      EngineVersion: '17',
      StorageEncrypted: true,
      EnableIAMDatabaseAuthentication: true,
      DeletionProtection: false,
      PubliclyAccessible: false,
    });
    expect(instance.Properties.BackupRetentionPeriod).toBeGreaterThanOrEqual(7);
    expect(instance.DeletionPolicy).toBe('Snapshot');
  });

  test('the master credentials are generated in Secrets Manager and rotated', () => {
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      RotationRules: { ScheduleExpression: 'rate(30 days)' },
    });
  });

  test('every function that uses the database connects as the proxy user over TLS with IAM auth and one connection', () => {
    for (const id of databaseFunctionIds()) {
      const environment = environmentOf(id);
      expect(environment).toMatchObject({
        DATABASE_IAM_AUTH: 'true',
        DATABASE_SSL: 'true',
        DATABASE_MAX_CONNECTIONS: '1',
      });
      const url = JSON.stringify(environment.DATABASE_URL);
      expect(url).toContain('postgres://momentarium@');
      expect(url).toContain('Proxy');
      expect(url).toContain(':5432/momentarium');
      expect(actionsOfFunction(id)).toContain('rds-db:connect');
    }
  });

  test('the proxy accepts 5432 only from the functions, and the database only from the proxy', () => {
    const ingress = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroupIngress'));
    const toProxy = ingress.filter((rule) =>
      JSON.stringify(rule.Properties.GroupId).includes('ProxySecurityGroup'),
    );
    // One rule per security group of the functions that use the database (the routes share one).
    const functionGroups = new Set(
      databaseFunctionIds().map((id) =>
        JSON.stringify(
          resourcesOf(template, 'AWS::Lambda::Function')[id]?.Properties.VpcConfig.SecurityGroupIds,
        ),
      ),
    );
    expect(toProxy.length).toBe(functionGroups.size);
    expect(new Set(toProxy.map((rule) => JSON.stringify([rule.Properties.SourceSecurityGroupId])))).toEqual(
      functionGroups,
    );
    for (const rule of toProxy) {
      expect(rule.Properties).toMatchObject({ FromPort: 5432, ToPort: 5432, IpProtocol: 'tcp' });
      expect(rule.Properties.CidrIp).toBeUndefined();
    }
  });
});

describe('functions', () => {
  test('every Momentarium function runs Node.js 24 on arm64 with JSON logs in a log group with retention', () => {
    const functions = Object.values(momentariumFunctions(template));
    // One per route, plus the worker, ingest, the migration step, the daily clean-up and the details read.
    expect(functions).toHaveLength(routes.length + 5);
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup');
    for (const fn of functions) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      expect(fn.Properties.LoggingConfig.LogFormat).toBe('JSON');
      const logGroup = logGroups[fn.Properties.LoggingConfig.LogGroup.Ref];
      expect(logGroup?.Properties.RetentionInDays).toBeGreaterThan(0);
      expect(fn.Properties.VpcConfig.SubnetIds).toBeDefined();
    }
  });

  test('every log group in the stack has a retention period', () => {
    for (const logGroup of Object.values(resourcesOf(template, 'AWS::Logs::LogGroup'))) {
      expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    }
  });

  test('health gets only the database', () => {
    const environment = environmentOf(routeFunctionId('health'));
    expect(Object.keys(environment).sort()).toEqual(
      [
        'DATABASE_IAM_AUTH',
        'DATABASE_MAX_CONNECTIONS',
        'DATABASE_SSL',
        'DATABASE_URL',
        'NODE_OPTIONS',
      ].sort(),
    );
    const actions = actionsOfFunction(routeFunctionId('health'));
    expect(actions.filter((action) => !action.startsWith('rds-db:'))).toEqual([]);
  });

  test('only the routes that queue jobs (process, retry, design a page) may send to the queue; they and the worker know its URL', () => {
    const senders = new Set([
      routeFunctionId('process-gallery'),
      routeFunctionId('retry-job'),
      routeFunctionId('generate-album-page'),
    ]);
    for (const [id] of Object.entries(momentariumFunctions(template))) {
      const sends = actionsOfFunction(id).includes('sqs:SendMessage');
      expect(sends).toBe(senders.has(id));
      expect('JOBS_QUEUE_URL' in environmentOf(id)).toBe(senders.has(id) || id === workerId());
    }
  });

  test('only the worker may read the Gemini key, and it is told where the key is', () => {
    for (const [id] of Object.entries(momentariumFunctions(template))) {
      const reads = actionsOfFunction(id).includes('secretsmanager:GetSecretValue');
      expect(reads).toBe(id === workerId());
    }
    expect(environmentOf(workerId())).toMatchObject({
      ORGANIZER: 'gemini',
      GEMINI_MODEL: 'gemini-3.5-flash-lite',
      GEMINI_API_KEY_SECRET_ARN: { Ref: expect.stringMatching(/^GeminiApiKeySecret/) },
      UPLOADS_BUCKET: expect.anything(),
      JOB_MAX_ATTEMPTS: '5',
    });
  });

  test("each route's IAM access and environment follow the access the route manifest declares", () => {
    // The manifest's `access` decides both the grants (here) and the adapters a route's Lambda entry
    // must wire (a compile error otherwise, lambda-entry.ts): the two cannot drift apart.
    for (const route of routes) {
      const wiresUrls = route.access.some((access) => access.startsWith('sign-'));
      const wiresStorage =
        wiresUrls || route.access.includes('inspect-uploads') || route.access.includes('delete-photos');
      const wiresQueue = route.access.includes('enqueue-jobs');
      const id = routeFunctionId(route.name);
      const actions = actionsOfFunction(id);
      const environment = environmentOf(id);
      expect([route.name, 'storage', actions.some((action) => action.startsWith('s3:'))]).toEqual([
        route.name,
        'storage',
        wiresStorage,
      ]);
      expect([route.name, 'bucket', 'UPLOADS_BUCKET' in environment]).toEqual([
        route.name,
        'bucket',
        wiresStorage,
      ]);
      // Signing routes find the bucket by its regional domain name instead of the S3 client's rules.
      expect([route.name, 'bucket domain', 'UPLOADS_BUCKET_DOMAIN' in environment]).toEqual([
        route.name,
        'bucket domain',
        wiresUrls,
      ]);
      if (wiresUrls) {
        expect(environment.UPLOADS_BUCKET_DOMAIN).toEqual({
          'Fn::GetAtt': [expect.stringMatching(/^Uploads/), 'RegionalDomainName'],
        });
      }
      expect([route.name, 'queue', actions.includes('sqs:SendMessage')]).toEqual([
        route.name,
        'queue',
        wiresQueue,
      ]);
      expect([route.name, 'database', 'DATABASE_URL' in environment]).toEqual([
        route.name,
        'database',
        route.access.includes('database'),
      ]);
    }
  });

  test('storage access follows what each route does', () => {
    const s3Actions = (name: string) =>
      actionsOfFunction(routeFunctionId(name))
        .filter((action) => action.startsWith('s3:'))
        .sort();
    expect(s3Actions('generate-upload-urls')).toEqual(['s3:PutObject', 's3:PutObjectTagging']);
    expect(s3Actions('process-gallery')).toEqual(['s3:GetObject', 's3:ListBucket']);
    // Signed download URLs work only if the signer may read the object.
    for (const signer of [
      'get-gallery',
      'list-images',
      'update-album',
      'add-album-image',
      'list-trash',
      'restore-album',
    ]) {
      expect([signer, s3Actions(signer)]).toEqual([signer, ['s3:GetObject']]);
    }
    // Only emptying the Trash deletes files at a user's request; moving photos to it or out keeps them.
    expect(s3Actions('empty-trash')).toEqual(['s3:DeleteObject']);
    for (const none of [
      'health',
      'get-job-status',
      'retry-job',
      'delete-album',
      'remove-album-image',
      'delete-image',
      'get-image',
      'trash-images',
      'restore-images',
    ]) {
      expect([none, s3Actions(none)]).toEqual([none, []]);
    }
    const worker = actionsOfFunction(workerId()).filter((action) => action.startsWith('s3:'));
    expect(worker.sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject', 's3:PutObjectTagging']);
  });

  test('object grants are limited to the users/ prefix', () => {
    for (const [id] of Object.entries(momentariumFunctions(template))) {
      const role = resourcesOf(template, 'AWS::Lambda::Function')[id]?.Properties.Role['Fn::GetAtt'][0];
      for (const statement of statementsOfRole(role)) {
        const actions = [statement.Action].flat();
        if (actions.some((action: string) => /^s3:(Get|Put|Delete)Object(Tagging)?$/.test(action))) {
          expect(JSON.stringify(statement.Resource)).toContain('/users/*');
        }
      }
    }
  });

  test('no IAM statement allows "*" or a whole service', () => {
    for (const policy of Object.values(resourcesOf(template, 'AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        if (statement.Effect !== 'Allow') continue;
        for (const action of [statement.Action].flat()) {
          expect(action).not.toBe('*');
          expect(action).not.toMatch(/^[a-z0-9-]+:\*$/);
        }
      }
    }
  });

  test('Momentarium functions never get Resource "*", except the worker sending X-Ray traces', () => {
    for (const [id] of Object.entries(momentariumFunctions(template))) {
      const role = resourcesOf(template, 'AWS::Lambda::Function')[id]?.Properties.Role['Fn::GetAtt'][0];
      for (const statement of statementsOfRole(role)) {
        if (statement.Resource !== '*') continue;
        // X-Ray has no resource-level permissions for sending traces.
        expect(id).toBe(workerId());
        expect([statement.Action].flat().sort()).toEqual([
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ]);
      }
    }
  });

  test('only the worker is traced (X-Ray active tracing, Powertools Tracer)', () => {
    for (const [id, fn] of Object.entries(momentariumFunctions(template))) {
      expect(fn.Properties.TracingConfig?.Mode).toBe(id === workerId() ? 'Active' : undefined);
    }
  });

  test('the worker has the memory and time for a whole upload and a slow Gemini', () => {
    const worker = resourcesOf(template, 'AWS::Lambda::Function')[workerId()];
    expect(worker?.Properties.MemorySize).toBeGreaterThanOrEqual(2048);
    expect(worker?.Properties.Timeout).toBeGreaterThanOrEqual(600);
  });
});

describe('website', () => {
  test('the site bucket is reached through Origin Access Control only', () => {
    const [, distribution] = onlyResource('AWS::CloudFront::Distribution');
    onlyResource('AWS::CloudFront::OriginAccessControl');
    const s3Origin = distribution.Properties.DistributionConfig.Origins.find(
      (origin: any) => origin.S3OriginConfig,
    );
    expect(s3Origin.OriginAccessControlId).toBeDefined();
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    const sitePolicy = Object.values(resourcesOf(template, 'AWS::S3::BucketPolicy')).find((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('cloudfront.amazonaws.com'),
    );
    expect(JSON.stringify(sitePolicy)).toContain('AWS:SourceArn');
  });

  test('/api/* goes to the HTTP API uncached, forwarding every viewer header but Host (so Authorization)', () => {
    const [, distribution] = onlyResource('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    const api = config.CacheBehaviors.find((behavior: any) => behavior.PathPattern === '/api/*');
    expect(api).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PATCH', 'DELETE']));
    const origin = config.Origins.find((candidate: any) => candidate.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
  });

  test('pages are HTTPS-only, get security headers, and SPA routing never touches /api/* answers', () => {
    const [, distribution] = onlyResource('AWS::CloudFront::Distribution');
    const config = distribution.Properties.DistributionConfig;
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      expect.objectContaining({ EventType: 'viewer-request' }),
    ]);
    // Distribution-wide error pages would rewrite the API's JSON 403/404 too.
    expect(config.CustomErrorResponses).toBeUndefined();
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ Override: true }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.stringLikeRegexp("default-src 'none'"),
          }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ContentTypeOptions: { Override: true },
        }),
      },
    });
  });

  test('the deploy publishes web/ plus config.json and the world map, and invalidates CloudFront', () => {
    const [, deployment] = onlyResource('Custom::CDKBucketDeployment');
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(3);
    expect(JSON.stringify(deployment.Properties.SourceMarkers)).toContain('WebClient');
    // The map's outlines are made at synth time from the npm package, not kept in web/.
    const { directory } = built.app.synth();
    const staged = readdirSync(directory)
      .map((entry) => join(directory, entry, WORLD_MAP_PATH))
      .filter((path) => existsSync(path));
    expect(staged).toHaveLength(1);
    expect(JSON.parse(readFileSync(staged[0] as string, 'utf8'))).toEqual(worldMap());
  });
});

describe('operations', () => {
  test('alarms watch the dead-letter queue, worker and scheduled function errors and API 5xx, and notify the topic', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
    const byMetric = (name: string) => alarms.find((alarm) => alarm.Properties.MetricName === name);
    expect(byMetric('ApproximateNumberOfMessagesVisible')?.Properties).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    // The worker and each scheduled function (the daily clean-up, the hourly details read).
    const erroring = alarms
      .filter((alarm) => alarm.Properties.MetricName === 'Errors')
      .map((alarm) => alarm.Properties.Dimensions[0].Value.Ref)
      .sort();
    expect(erroring).toEqual(
      [
        workerId(),
        functionIdByDescription(
          template,
          'Momentarium: daily clean-up (photos never organized, the Trash, deleted albums)',
        ),
        functionIdByDescription(
          template,
          'Momentarium: hourly read of the details of photos read before they were kept',
        ),
      ].sort(),
    );
    expect(byMetric('5xx')).toBeDefined();
    const [topicId] = onlyResource('AWS::SNS::Topic');
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toContainEqual({ Ref: topicId });
  });

  test('migrations run on deploy through the Provider framework, after the proxy exists', () => {
    const [id, migrations] = onlyResource('Custom::MomentariumMigrations');
    expect(migrations.Properties).toMatchObject({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^MigrationsProvider/), 'Arn'] },
      migrationsHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      deployedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(
      migrations.DependsOn.some((dependency: string) => /^DatabaseInstanceProxy[A-Z0-9]+$/.test(dependency)),
    ).toBe(true);
    // The application functions wait for the migration.
    expect(resourcesOf(template, 'AWS::Lambda::Function')[workerId()]?.DependsOn).toContain(id);
    expect(
      resourcesOf(template, 'AWS::Lambda::Function')[routeFunctionId('get-gallery')]?.DependsOn,
    ).toContain(id);
  });

  test('the Gemini key secret is created empty: no value is generated or stored in the template', () => {
    const secret = Object.entries(resourcesOf(template, 'AWS::SecretsManager::Secret')).find(([id]) =>
      id.startsWith('GeminiApiKey'),
    )?.[1];
    expect(secret?.Properties.GenerateSecretString).toBeUndefined();
    expect(secret?.Properties.SecretString).toBeUndefined();
    template.hasOutput('GeminiApiKeySecretName', {});
  });

  test('outputs give the operator what the docs ask for', () => {
    for (const name of ['SiteUrl', 'ApiUrl', 'UserPoolId', 'UserPoolClientId', 'GeminiApiKeySecretName']) {
      template.hasOutput(name, {});
    }
  });
});

describe('network', () => {
  test('one t4g.nano NAT instance (default) that accepts traffic only from the VPC', () => {
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    const [, instance] = onlyResource('AWS::EC2::Instance');
    expect(instance.Properties.InstanceType).toBe('t4g.nano');
    expect(instance.Properties.SourceDestCheck).toBe(false);
    const natGroup = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup')).find((group) =>
      String(group.Properties.GroupDescription).includes('NAT'),
    );
    expect(natGroup?.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: VPC_CIDR, IpProtocol: '-1' }),
    ]);
  });

  test('S3 traffic bypasses the NAT through a gateway endpoint', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: Match.objectLike({ 'Fn::Join': Match.arrayWith([Match.arrayWith(['.s3'])]) }),
    });
  });

  test('the database and proxy live in isolated subnets, functions in private subnets with egress', () => {
    const [, subnetGroup] = onlyResource('AWS::RDS::DBSubnetGroup');
    expect(JSON.stringify(subnetGroup.Properties.SubnetIds)).toContain('data');
    const [, proxy] = onlyResource('AWS::RDS::DBProxy');
    expect(JSON.stringify(proxy.Properties.VpcSubnetIds)).toContain('data');
    for (const fn of Object.values(momentariumFunctions(template))) {
      expect(JSON.stringify(fn.Properties.VpcConfig.SubnetIds)).toContain('functions');
    }
  });
});
