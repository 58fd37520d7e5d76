/**
 * Brings the database schema to the latest migration on every deploy: a custom resource runs
 * lambdas/handlers/deploy/run-migrations.ts (migrateToLatest through RDS Proxy with IAM auth). A failed
 * migration fails the resource, so the deploy fails and CloudFormation rolls back instead of serving
 * new code on an old schema. The application functions depend on this resource (see
 * `runBefore`), so the schema is migrated before their new code is published.
 *
 * It runs on every deploy because one property changes every synth (`deployedAt`); `migrationsHash`
 * names the migration set so the change history shows when the migrations themselves changed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IVpc } from 'aws-cdk-lib/aws-ec2';
import type { CfnFunction, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct, type IConstruct } from 'constructs';
import type { Database } from './database.ts';
import { acknowledge, nagReference } from './nag.ts';
import { nodeFunction, PROJECT_ROOT } from './node-function.ts';

export const MIGRATIONS_DIRECTORY = 'lambdas/adapters/postgres/migrations';

export interface MigrationsProps {
  readonly vpc: IVpc;
  readonly database: Database;
}

export class Migrations extends Construct {
  readonly function: NodejsFunction;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, props: MigrationsProps) {
    super(scope, id);
    this.function = nodeFunction(this, 'RunMigrations', {
      entry: 'lambdas/handlers/deploy/run-migrations.ts',
      description: 'Momentarium: applies database migrations during deploy',
      vpc: props.vpc,
      timeout: Duration.minutes(5),
    });
    props.database.connect(this.function);

    const provider = new Provider(this, 'Provider', {
      onEventHandler: this.function,
      logGroup: new LogGroup(this, 'ProviderLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.resource = new CustomResource(this, 'Schema', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::MomentariumMigrations',
      properties: {
        migrationsHash: hashDirectory(join(PROJECT_ROOT, MIGRATIONS_DIRECTORY)),
        deployedAt: new Date().toISOString(),
      },
    });
    // The proxy only accepts connections once its target (the instance) is registered and available,
    // and this function only reaches it once its own ingress rule exists.
    this.resource.node.addDependency(...props.database.readyFor(this.function));

    // The Provider framework's own function (aws-cdk-lib code) relays events to RunMigrations.
    const framework = provider.node.findChild('framework-onEvent');
    acknowledge(
      framework,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'The Provider framework function (aws-cdk-lib) only writes its own logs with this AWS-managed policy.',
    );
    acknowledge(
      framework,
      `AwsSolutions-IAM5[Resource::${nagReference(this.function.node.defaultChild as CfnFunction, 'Arn')}:*]`,
      'The Provider framework may invoke any version or alias of the one migrations function; the ' +
        'wildcard is the qualifier, never another function.',
    );
  }

  /** Makes each function wait for the migration, so new code never meets an old schema. */
  runBefore(functions: Iterable<LambdaFunction>): void {
    const schema = this.resource.node.defaultChild as IConstruct;
    // On the function resource only: its security group must stay free to be created first, because
    // the proxy's ingress rules (which the migration waits for) reference those groups.
    for (const fn of functions) (fn.node.defaultChild as IConstruct).node.addDependency(schema);
  }
}

/** Content hash of every migration file, in name order. */
function hashDirectory(directory: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort();
  for (const name of files) {
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(directory, name)))
      .update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
