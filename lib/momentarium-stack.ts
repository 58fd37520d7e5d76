/**
 * All of Momentarium in one stack. This file only wires constructs together; each construct owns its
 * resource's defaults, grants and environment variables.
 *
 * Construction order follows what each piece must know: the API exists before CloudFront (its origin),
 * CloudFront before the Cognito client (its callback URL) and the uploads bucket (its CORS origin),
 * and the client before the routes (the JWT authorizer's audience). CloudFormation sees no cycle:
 * CloudFront depends on the API resource only, never on its routes or functions.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { type RouteAccess, routes } from '../lambdas/handlers/http/routes.ts';
import type { MomentariumSettings } from './config.ts';
import { AccessLogs } from './constructs/access-logs.ts';
import { Alarms } from './constructs/alarms.ts';
import { Api } from './constructs/api.ts';
import { Auth } from './constructs/auth.ts';
import { OperationsDashboard } from './constructs/dashboard.ts';
import { Database } from './constructs/database.ts';
import { GeminiApiKey } from './constructs/gemini-api-key.ts';
import { Ingest } from './constructs/ingest.ts';
import { JobQueue } from './constructs/job-queue.ts';
import { LiveProgress } from './constructs/live-progress.ts';
import { Maintenance } from './constructs/maintenance.ts';
import { Migrations } from './constructs/migrations.ts';
import { Network } from './constructs/network.ts';
import { PublicPageFirewall } from './constructs/public-page-firewall.ts';
import { Uploads } from './constructs/uploads.ts';
import { Website } from './constructs/website.ts';
import { WORKER_TIMEOUT, Worker } from './constructs/worker.ts';

export interface MomentariumStackProps extends StackProps {
  readonly settings: MomentariumSettings;
}

export class MomentariumStack extends Stack {
  constructor(scope: Construct, id: string, props: MomentariumStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const retain = settings.retainUserData;

    const accessLogs = new AccessLogs(this, 'AccessLogs', { retain });
    const network = new Network(this, 'Network', {
      availabilityZones: settings.availabilityZones,
      natMode: settings.natMode,
      flowLogBucket: accessLogs.bucket,
    });
    const { vpc } = network;
    const database = new Database(this, 'Database', {
      vpc,
      instanceClass: settings.databaseInstanceClass,
      instanceSize: settings.databaseInstanceSize,
      allocatedStorageGiB: settings.databaseAllocatedStorageGiB,
      multiAz: settings.databaseMultiAz,
      retain,
      deletionProtection: settings.deletionProtection,
      restoreSnapshot: settings.restoreDatabaseSnapshot,
    });
    const jobQueue = new JobQueue(this, 'JobQueue', { workerTimeout: WORKER_TIMEOUT });
    const geminiApiKey = new GeminiApiKey(this, 'GeminiApiKey');

    const api = new Api(this, 'Api');
    const website = new Website(this, 'Website', {
      apiDomainName: api.domainName,
      webAclArn:
        settings.wafWebAclArn ??
        (settings.publicPageWaf ? new PublicPageFirewall(this, 'PublicPageFirewall').arn : undefined),
      accessLogsBucket: accessLogs.bucket,
      domainName: settings.siteDomainName,
      certificateArn: settings.siteCertificateArn,
    });
    const auth = new Auth(this, 'Auth', {
      selfSignUp: settings.selfSignUp,
      retain,
      domainPrefix: settings.cognitoDomainPrefix,
      existingUserPoolId: settings.restoreUserPoolId,
      siteUrl: website.url,
    });
    const webClient = auth.addWebClient(website.url);
    const uploads = new Uploads(this, 'Uploads', {
      retain,
      accessLogsBucket: accessLogs.bucket,
      allowedOrigins: [website.url, ...settings.allowedOrigins],
    });

    // Each kind of access a route can declare in the route manifest, and the grant (with its
    // environment) it means. A new kind of access does not compile until it has a grant here.
    const grants: Record<RouteAccess, (fn: NodejsFunction) => void> = {
      database: (fn) => database.connect(fn),
      'sign-uploads': (fn) => uploads.grantPresignUploads(fn),
      'sign-downloads': (fn) => uploads.grantPresignDownloads(fn),
      'inspect-uploads': (fn) => uploads.grantReadOriginals(fn),
      'delete-photos': (fn) => uploads.grantDeletePhotos(fn),
      'enqueue-jobs': (fn) => jobQueue.grantEnqueue(fn),
      directory: (fn) => auth.grantInviteMembers(fn),
    };
    api.addRouteFunctions(routes, {
      vpc,
      authorizer: auth.jwtAuthorizer(),
      configure: (route, fn) => {
        for (const access of route.access) grants[access](fn);
      },
    });

    const worker = new Worker(this, 'Worker', {
      vpc,
      jobQueue,
      database,
      uploads,
      geminiApiKey,
      geminiModel: settings.geminiModel,
      maxConcurrency: settings.workerConcurrency,
    });
    const ingest = new Ingest(this, 'Ingest', {
      vpc,
      database,
      uploads,
      maxConcurrency: settings.ingestConcurrency,
    });
    // Progress pushed to the browser: only ingest and the worker publish.
    const liveProgress = new LiveProgress(this, 'LiveProgress', { userPool: auth.userPool });
    liveProgress.grantPublish(worker.function);
    liveProgress.grantPublish(ingest.function);
    const maintenance = new Maintenance(this, 'Maintenance', { vpc, database, uploads });
    const migrations = new Migrations(this, 'Migrations', { vpc, database });
    migrations.runBefore([
      ...api.functions.values(),
      worker.function,
      ingest.function,
      maintenance.function,
      maintenance.detailsFunction,
    ]);

    website.deployContent({
      mode: 'cognito',
      region: this.region,
      userPoolId: auth.userPool.userPoolId,
      clientId: webClient.userPoolClientId,
      cognitoDomain: auth.domain.baseUrl(),
      redirectUri: `${website.url}/`,
      logoutUri: `${website.url}/`,
      scope: 'openid email profile',
      events: liveProgress.siteConfig,
    });

    const alarms = new Alarms(this, 'Alarms', {
      deadLetterQueue: jobQueue.deadLetterQueue,
      ingestDeadLetterQueue: ingest.deadLetterQueue,
      worker: worker.function,
      scheduled: { DailyCleanUp: maintenance.function, ReadMissingDetails: maintenance.detailsFunction },
      httpApi: api.httpApi,
      natInstances: network.natInstances,
      email: settings.alarmEmail,
    });

    const operations = new OperationsDashboard(this, 'Operations', {
      worker: worker.function,
      jobQueue: jobQueue.queue,
      deadLetterQueue: jobQueue.deadLetterQueue,
      ingest: ingest.function,
      ingestQueue: ingest.queue,
      httpApi: api.httpApi,
      natInstances: network.natInstances,
      alarms: alarms.alarms,
    });

    new CfnOutput(this, 'SiteUrl', { value: website.url, description: 'Open this in a browser' });
    new CfnOutput(this, 'ApiUrl', {
      value: `${website.url}/api/`,
      description: 'The API, same origin as the site',
    });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: webClient.userPoolClientId });
    new CfnOutput(this, 'HostedUiUrl', { value: auth.domain.baseUrl() });
    new CfnOutput(this, 'GeminiApiKeySecretName', {
      value: geminiApiKey.secret.secretName,
      description:
        'Set the key: aws secretsmanager put-secret-value --secret-id <this> --secret-string <key>',
    });
    new CfnOutput(this, 'UploadsBucketName', { value: uploads.bucket.bucketName });
    new CfnOutput(this, 'AlarmTopicArn', { value: alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', {
      value: operations.dashboard.dashboardName,
      description: 'CloudWatch dashboard: jobs, model cost and latency, worker, queue, API, NAT, alarms',
    });
  }
}
