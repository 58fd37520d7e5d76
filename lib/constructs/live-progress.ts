/**
 * Live progress: an AWS AppSync Event API that pushes ingest's and the worker's progress to the
 * browser (lambdas/core/progress.ts, web/js/live-progress.js).
 *
 * Why AppSync Events (README, "Live progress"): managed pub/sub made for this — channels, WebSocket
 * delivery and fan-out, Cognito user-pool auth for subscribers and IAM for publishers out of the box,
 * and no connection table to keep. An API Gateway WebSocket API would need a Lambda authorizer (it has
 * no JWT authorizer for WebSockets), a DynamoDB table of connection ids and a post per connection.
 *
 * - Subscribers connect and subscribe with the user pool's tokens; the `progress` namespace's
 *   onSubscribe handler (PROGRESS_NAMESPACE_CODE) lets each user subscribe to their own
 *   channel only: /progress/<sub>.
 * - Publishing is IAM only, and only the functions given `grantPublish` (ingest and the worker) may.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AppSyncAuthorizationType,
  type CfnApi,
  type ChannelNamespace,
  Code,
  EventApi,
} from 'aws-cdk-lib/aws-appsync';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { PROGRESS_NAMESPACE } from '../../lambdas/core/progress-events.ts';

export interface LiveProgressProps {
  /** Whose tokens may connect and subscribe. */
  readonly userPool: IUserPool;
}

/**
 * The namespace's handlers (APPSYNC_JS, run by AppSync Events itself). A user may subscribe to exactly
 * one channel, /progress/<their token's sub>: another user's channel, a wildcard (/progress/*) or a
 * deeper path is refused. Publishing needs IAM, so onPublish passes events through unchanged. The
 * local runtime enforces the same rule (lambdas/local-runtime/local-events-server.ts).
 */
export const PROGRESS_NAMESPACE_CODE = `import { util } from '@aws-appsync/utils';

export function onSubscribe(ctx) {
  const segments = ctx.info.channel.segments;
  if (segments.length !== 2 || segments[0] !== '${PROGRESS_NAMESPACE}' || segments[1] !== ctx.identity.sub) {
    util.unauthorized();
  }
}

export function onPublish(ctx) {
  return ctx.events;
}
`;

export class LiveProgress extends Construct {
  readonly api: EventApi;
  readonly namespace: ChannelNamespace;

  constructor(scope: Construct, id: string, props: LiveProgressProps) {
    super(scope, id);
    const userPool = AppSyncAuthorizationType.USER_POOL;
    const iam = AppSyncAuthorizationType.IAM;
    this.api = new EventApi(this, 'Events', {
      apiName: `${Stack.of(this).stackName}-live-progress`,
      authorizationConfig: {
        authProviders: [
          { authorizationType: userPool, cognitoConfig: { userPool: props.userPool } },
          { authorizationType: iam },
        ],
        // Browsers connect and subscribe with their user-pool token; nothing publishes but IAM.
        connectionAuthModeTypes: [userPool],
        defaultSubscribeAuthModeTypes: [userPool],
        defaultPublishAuthModeTypes: [iam],
      },
    });
    this.logErrors();
    this.namespace = this.api.addChannelNamespace('Progress', {
      channelNamespaceName: PROGRESS_NAMESPACE,
      code: Code.fromInline(PROGRESS_NAMESPACE_CODE),
      authorizationConfig: { publishAuthModeTypes: [iam], subscribeAuthModeTypes: [userPool] },
    });
  }

  /**
   * Errors only (refused connections and subscriptions), into a log group made here with a retention
   * and written by a role allowed that group alone. EventApi's own logConfig would add a log-retention
   * Lambda and a role with AWS managed policies, for the same result.
   */
  private logErrors(): void {
    const logs = new LogGroup(this, 'Logs', {
      // The name AppSync writes to.
      logGroupName: `/aws/appsync/apis/${this.api.apiId}`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, 'LogsRole', { assumedBy: new ServicePrincipal('appsync.amazonaws.com') });
    logs.grantWrite(role);
    const cfn = this.api.node.defaultChild as CfnApi;
    cfn.addPropertyOverride('EventConfig.LogConfig', {
      LogLevel: 'ERROR',
      CloudWatchLogsRoleArn: role.roleArn,
    });
  }

  /** Where publishers POST events (PROGRESS_EVENTS_URL). */
  get httpUrl(): string {
    return `https://${this.api.httpDns}/event`;
  }

  /** What the site configuration tells the browser (web/js/live-progress.js). */
  get siteConfig(): { http: string; realtime: string } {
    return { http: this.httpUrl, realtime: `wss://${this.api.realtimeDns}/event/realtime` };
  }

  /** Lets `fn` publish progress to the namespace (IAM, appsync:EventPublish) and tells it where. */
  grantPublish(fn: IFunction & { addEnvironment(key: string, value: string): unknown }): void {
    this.namespace.grantPublish(fn);
    fn.addEnvironment('PROGRESS_EVENTS_URL', this.httpUrl);
  }
}
