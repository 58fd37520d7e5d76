/**
 * The HTTP API: one Lambda per route of the route manifest (lambdas/handlers/http/routes.ts), every
 * route behind the Cognito JWT authorizer except those the manifest marks public; a throttled
 * `$default` stage, tighter route settings for the routes that set a `throttle`, and JSON access logs.
 */
import { Aws, Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  type IHttpRouteAuthorizer,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { type IVpc, SecurityGroup } from 'aws-cdk-lib/aws-ec2';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { NamedRoute, RouteThrottle } from '../../lambdas/handlers/http/routes.ts';
import { acknowledge } from './nag.ts';
import { lambdaRole, nodeFunction } from './node-function.ts';

/** Steady-state requests per second for the whole stage, and the burst above it. */
export const STAGE_RATE_LIMIT = 50;
export const STAGE_BURST_LIMIT = 100;

const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
};

export interface RouteFunctionsOptions {
  readonly vpc: IVpc;
  readonly authorizer: IHttpRouteAuthorizer;
  /**
   * Grants and environment for one route's function; called once per route. Routes with the same
   * `access` share a role, so the grants must depend on `access` alone (they add to that role).
   */
  readonly configure: (route: NamedRoute, fn: NodejsFunction) => void;
}

export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly functions = new Map<string, NodejsFunction>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Momentarium API (reached through CloudFront at /api/*)',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: STAGE_RATE_LIMIT, burstLimit: STAGE_BURST_LIMIT },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** execute-api host name, for CloudFront's origin. */
  get domainName(): string {
    return `${this.httpApi.apiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`;
  }

  /** One function per route; only routes the manifest marks public skip the authorizer. */
  addRouteFunctions(routes: readonly NamedRoute[], options: RouteFunctionsOptions): void {
    // One security group for every route's function, not one each: they all need the same network
    // (out to the internet and RDS Proxy), and a group plus a proxy ingress rule per route would cost
    // two of CloudFormation's 500 resources per route. Reaching the proxy is no login: it demands an
    // IAM token (rds-db:connect), which only the routes that declare `database` are granted.
    const securityGroup = new SecurityGroup(this, 'RouteFunctions', {
      vpc: options.vpc,
      description: 'Momentarium API route functions',
      allowAllOutbound: true,
    });
    // One role per access set, for the same reason: routes that declare the same `access` are granted
    // exactly the same, so one role serves them all (a role and its policy are two resources each).
    const roles = new Map<string, Role>();
    const roleFor = (route: NamedRoute): Role => {
      const key = [...route.access].sort().join('+') || 'none';
      let role = roles.get(key);
      if (!role) {
        role = lambdaRole(
          this,
          `RouteRole${pascalCase(key.replaceAll('+', '-'))}`,
          `Momentarium routes with access: ${key}`,
        );
        roles.set(key, role);
      }
      return role;
    };
    for (const route of routes) {
      const fn = nodeFunction(this, pascalCase(route.name), {
        entry: `lambdas/handlers/http/${route.name}.ts`,
        description: `Momentarium ${route.method} ${route.path}`,
        vpc: options.vpc,
        securityGroup,
        role: roleFor(route),
        timeout: Duration.seconds(route.authorized ? 20 : 10),
      });
      options.configure(route, fn);
      const [httpRoute] = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascalCase(route.name)}Integration`, fn),
        authorizer: route.authorized ? options.authorizer : new HttpNoneAuthorizer(),
      });
      if (!route.authorized && httpRoute) {
        acknowledge(
          httpRoute,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is public on purpose: ${route.publicBecause}`,
        );
      }
      if (route.throttle && httpRoute) this.throttleRoute(route, httpRoute);
      this.functions.set(route.name, fn);
    }
  }

  /**
   * A route's own limit, as a stage route setting keyed by its route key. CloudFormation checks that
   * the route exists when it writes the stage, so the stage waits for the route (creating both in
   * one deploy fails otherwise: "Unable to find Route by key").
   */
  private throttleRoute(route: NamedRoute, httpRoute: IConstruct): void {
    const { rateLimit, burstLimit } = route.throttle as RouteThrottle;
    if (rateLimit > STAGE_RATE_LIMIT || burstLimit > STAGE_BURST_LIMIT) {
      throw new Error(
        `${route.name}: a route's throttle must be below the stage's (${STAGE_RATE_LIMIT}/s, burst ` +
          `${STAGE_BURST_LIMIT}); got ${rateLimit}/s, burst ${burstLimit}`,
      );
    }
    const stage = this.stage.node.defaultChild as CfnStage;
    // RouteSettings is untyped JSON in the L1: CloudFormation's own (PascalCase) property names.
    stage.routeSettings = {
      ...(stage.routeSettings as Record<string, unknown> | undefined),
      [`${route.method} ${route.path}`]: { ThrottlingRateLimit: rateLimit, ThrottlingBurstLimit: burstLimit },
    };
    this.stage.node.addDependency(httpRoute);
  }

  /** The stage URL (direct execute-api address; the site uses CloudFront's /api/* instead). */
  get url(): string {
    return Fn.join('', ['https://', this.domainName, '/']);
  }
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}
