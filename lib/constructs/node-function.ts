/**
 * One way to build every Momentarium Lambda: Node.js 24 on arm64, bundled by the local esbuild
 * (never Docker) as minified ESM with source maps, JSON logs into a log group with retention, and
 * private subnets so the function reaches RDS Proxy. Grants and environment are added by the
 * constructs that own each resource (`database.connect(fn)`, `uploads.grantReadPhotos(fn)`, ...).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type ISecurityGroup, type IVpc, SubnetType } from 'aws-cdk-lib/aws-ec2';
import { type IRole, ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  RuntimeFamily,
  SystemLogLevel,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  BUNDLE_MAIN_FIELDS,
  CJS_GLOBALS_DEFINE,
  CONTENT_FILES,
  contentFileCommands,
  REQUIRE_BANNER,
} from './bundling.ts';
import { acknowledge } from './nag.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where Lambda unpacks a function's code. */
const LAMBDA_TASK_ROOT = '/var/task';

/** Lambda's managed Node.js 24 runtime; aws-cdk-lib 2.276 has the constant, older ones would not. */
export const NODE_RUNTIME = Runtime.NODEJS_24_X ?? new Runtime('nodejs24.x', RuntimeFamily.NODEJS);

export interface NodeFunctionProps {
  /** Entry file relative to the project root, exporting `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly vpc: IVpc;
  /** Share a security group with like functions (the API's routes); absent: the function gets its own. */
  readonly securityGroup?: ISecurityGroup;
  /** Share a role with functions granted exactly the same (lambdaRole); absent: the function gets its own. */
  readonly role?: IRole;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Installed into the bundle's node_modules instead of bundled (native code, data files). */
  readonly nodeModules?: string[];
  /** Environment for the bundling steps (e.g. npm's target platform for native modules). */
  readonly bundlingEnvironment?: Record<string, string>;
  /** Copy the photo readers' model and WebAssembly files beside the bundle (bundling.ts). */
  readonly contentFiles?: boolean;
  readonly logRetention?: RetentionDays;
  /** X-Ray active tracing (the worker: its SDK calls and the Gemini request, through Powertools Tracer). */
  readonly tracing?: boolean;
}

export function nodeFunction(scope: Construct, id: string, props: NodeFunctionProps): NodejsFunction {
  // An explicit log group (not the implicit /aws/lambda/<name>) so retention is part of the stack.
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention ?? RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const fn = new NodejsFunction(scope, id, {
    entry: join(PROJECT_ROOT, props.entry),
    handler: 'handler',
    description: props.description,
    runtime: NODE_RUNTIME,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    timeout: props.timeout ?? Duration.seconds(20),
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    vpc: props.vpc,
    vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    ...(props.securityGroup ? { securityGroups: [props.securityGroup] } : {}),
    ...(props.role ? { role: props.role } : {}),
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    systemLogLevelV2: SystemLogLevel.WARN,
    ...(props.tracing ? { tracing: Tracing.ACTIVE } : {}),
    environment: {
      // Source maps make minified stack traces readable in the logs.
      NODE_OPTIONS: '--enable-source-maps',
      ...(props.contentFiles ? CONTENT_FILES.environment(LAMBDA_TASK_ROOT) : {}),
      ...props.environment,
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      banner: REQUIRE_BANNER,
      define: { ...CJS_GLOBALS_DEFINE },
      mainFields: [...BUNDLE_MAIN_FIELDS],
      // The SDK is bundled (not taken from the runtime) so the versions tested locally are the ones
      // deployed; SDK behaviour changes between versions (e.g. checksums on S3 requests since 3.729).
      bundleAwsSDK: true,
      // pg loads its optional native binding only when asked to; it is never installed.
      externalModules: ['pg-native'],
      forceDockerBundling: false,
      ...(props.nodeModules ? { nodeModules: props.nodeModules } : {}),
      ...(props.bundlingEnvironment ? { environment: props.bundlingEnvironment } : {}),
      ...(props.contentFiles
        ? {
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) =>
                contentFileCommands(inputDir, outputDir),
            },
          }
        : {}),
    },
  });
  // A shared role carries its own acknowledgements (lambdaRole).
  if (!props.role) acknowledgeLambdaBaseline(fn);
  if (props.tracing) {
    acknowledge(
      fn,
      'AwsSolutions-IAM5[Resource::*]',
      'Active tracing lets the function send trace segments (xray:PutTraceSegments, ' +
        'xray:PutTelemetryRecords); X-Ray supports no resource-level permissions for them, so "*" is the only form.',
    );
  }
  return fn;
}

/**
 * A role for VPC functions that are granted exactly the same things (the API's routes with the same
 * `access`): the two managed policies CDK gives a VPC function's own role, and the grants its users
 * add. One role per access set instead of one per function: a role and its policy are two of
 * CloudFormation's 500 resources per stack, and equal grants make equal roles anyway.
 */
export function lambdaRole(scope: Construct, id: string, description: string): Role {
  const role = new Role(scope, id, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description,
    managedPolicies: [
      ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole'),
      ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
    ],
  });
  acknowledgeLambdaBaseline(role);
  return role;
}

/** The findings every VPC Lambda built by CDK carries, with the reason each is accepted. */
function acknowledgeLambdaBaseline(fn: Construct): void {
  const partition = '<AWS::Partition>';
  acknowledge(
    fn,
    `AwsSolutions-IAM4[Policy::arn:${partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
    'AWS-managed baseline for writing the function logs; it grants only CloudWatch Logs writes.',
  );
  acknowledge(
    fn,
    `AwsSolutions-IAM4[Policy::arn:${partition}:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]`,
    'AWS-managed baseline for attaching the function to the VPC; it grants only ENI management, which ' +
      'Lambda needs to reach RDS Proxy in private subnets.',
  );
}
