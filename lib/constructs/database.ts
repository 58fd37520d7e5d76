/**
 * PostgreSQL 17 on RDS behind RDS Proxy. Functions never see a password: they connect to the proxy
 * with a short-lived IAM token (RDS Signer) over TLS, and the proxy logs in to the database with the
 * generated master credentials it reads from Secrets Manager (rotated every 30 days).
 *
 * The database and proxy sit in isolated subnets; only functions that call `connect(fn)` may reach
 * the proxy on 5432, and only the proxy may reach the database.
 *
 * Keeping the data: with `retain`, deleting the stack takes a final snapshot and then deletes the
 * instance (CloudFormation's Snapshot policy). Retaining the instance itself would keep its network
 * interface in the stack's subnets, so the VPC could never be deleted (DELETE_FAILED, or
 * ROLLBACK_FAILED after a failed first deploy). A new stack is built from that snapshot with
 * `restoreSnapshot`; it gets a new master password (the snapshot keeps the user and its grants), so the
 * old secret is not needed.
 */
import { type CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { InstanceType, type IVpc, Port, SubnetType } from 'aws-cdk-lib/aws-ec2';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  CaCertificate,
  Credentials,
  DatabaseInstance,
  DatabaseInstanceEngine,
  DatabaseInstanceFromSnapshot,
  type DatabaseProxy,
  PostgresEngineVersion,
  SnapshotCredentials,
  StorageType,
} from 'aws-cdk-lib/aws-rds';
import { Construct, type IConstruct, type IDependable } from 'constructs';
import { acknowledge } from './nag.ts';

export const DATABASE_NAME = 'momentarium';
/** The login the proxy uses, and the user named in IAM tokens and in `rds-db:connect`. */
export const DATABASE_USER = 'momentarium';
export const DATABASE_PORT = 5432;

export interface DatabaseProps {
  readonly vpc: IVpc;
  readonly instanceClass: string;
  readonly instanceSize: string;
  readonly allocatedStorageGiB: number;
  readonly multiAz: boolean;
  readonly retain: boolean;
  readonly deletionProtection: boolean;
  /** Build the instance from this DB snapshot (identifier or ARN) instead of an empty database. */
  readonly restoreSnapshot?: string | undefined;
}

export class Database extends Construct {
  readonly instance: DatabaseInstance | DatabaseInstanceFromSnapshot;
  readonly proxy: DatabaseProxy;
  readonly #ingressByFunction = new Map<LambdaFunction, IConstruct[]>();
  readonly #ingressByGroups = new Map<string, IConstruct[]>();

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const isolated = { subnetType: SubnetType.PRIVATE_ISOLATED };
    const common = {
      engine: DatabaseInstanceEngine.postgres({ version: PostgresEngineVersion.VER_17 }),
      instanceType: new InstanceType(`${props.instanceClass}.${props.instanceSize}`),
      vpc: props.vpc,
      vpcSubnets: isolated,
      port: DATABASE_PORT,
      storageType: StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.allocatedStorageGiB * 5,
      storageEncrypted: true,
      multiAz: props.multiAz,
      caCertificate: CaCertificate.RDS_CA_RSA2048_G1,
      iamAuthentication: true,
      backupRetention: Duration.days(7),
      deleteAutomatedBackups: false,
      deletionProtection: props.deletionProtection,
      autoMinorVersionUpgrade: true,
      publiclyAccessible: false,
      removalPolicy: props.retain ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    };
    // Both kinds are the same CloudFormation resource (same logical id): switching between them is a
    // replacement, which is why `restoreDatabaseSnapshot` must stay in cdk.json once used.
    this.instance = props.restoreSnapshot
      ? new DatabaseInstanceFromSnapshot(this, 'Instance', {
          ...common,
          snapshotIdentifier: props.restoreSnapshot,
          credentials: SnapshotCredentials.fromGeneratedSecret(DATABASE_USER),
        })
      : new DatabaseInstance(this, 'Instance', {
          ...common,
          databaseName: DATABASE_NAME,
          credentials: Credentials.fromGeneratedSecret(DATABASE_USER),
        });
    // The rotation function needs Secrets Manager's public endpoint, so it runs where the NAT is.
    this.instance.addRotationSingleUser({
      automaticallyAfter: Duration.days(30),
      vpcSubnets: { subnetType: SubnetType.PRIVATE_WITH_EGRESS },
    });

    this.proxy = this.instance.addProxy('Proxy', {
      vpc: props.vpc,
      vpcSubnets: isolated,
      secrets: [this.instance.secret as NonNullable<DatabaseInstance['secret']>],
      requireTLS: true,
      iamAuth: true,
      debugLogging: false,
      // Frozen Lambda containers leave idle client connections behind; close them after 15 minutes.
      idleClientTimeout: Duration.minutes(15),
      borrowTimeout: Duration.seconds(30),
    });
    this.instance.connections.allowDefaultPortFrom(this.proxy, 'RDS Proxy to PostgreSQL');
    this.acknowledgeChoices(props);
  }

  /**
   * Lets a function use the database: network path to the proxy, `rds-db:connect` as DATABASE_USER,
   * and the environment lambdas/config.ts reads (IAM auth, TLS, one connection per container).
   */
  connect(fn: LambdaFunction): void {
    const proxyGroup = this.proxy.connections.securityGroups[0]?.node;
    const before = new Set(proxyGroup?.children);
    this.proxy.connections.allowFrom(fn, Port.tcp(DATABASE_PORT), `${fn.node.id} to RDS Proxy`);
    const added = proxyGroup?.children.filter((child) => !before.has(child)) ?? [];
    // Functions sharing a security group (the API's routes) share one rule: CDK adds it once.
    const groups = groupKey(fn);
    if (added.length > 0) this.#ingressByGroups.set(groups, added);
    this.#ingressByFunction.set(fn, this.#ingressByGroups.get(groups) ?? []);
    this.proxy.grantConnect(fn, DATABASE_USER);
    fn.addEnvironment(
      'DATABASE_URL',
      `postgres://${DATABASE_USER}@${this.proxy.endpoint}:${DATABASE_PORT}/${DATABASE_NAME}`,
    );
    fn.addEnvironment('DATABASE_IAM_AUTH', 'true');
    fn.addEnvironment('DATABASE_SSL', 'true');
    fn.addEnvironment('DATABASE_MAX_CONNECTIONS', '1');
  }

  /**
   * What must exist before `fn` can reach the database: the proxy, its target, and `fn`'s own ingress
   * rule. Deliberately not the whole proxy construct: that holds every function's ingress rule, and
   * depending on all of them would tie unrelated functions into dependency cycles.
   */
  readyFor(fn: LambdaFunction): IDependable[] {
    const ingress = this.#ingressByFunction.get(fn);
    if (!ingress) throw new Error(`${fn.node.path} is not connected to the database`);
    const targetGroup = this.proxy.node.findChild('ProxyTargetGroup');
    return [this.proxy.node.defaultChild as CfnResource, targetGroup, this.instance, ...ingress];
  }

  private acknowledgeChoices(props: DatabaseProps): void {
    acknowledge(
      this.instance,
      'AwsSolutions-RDS11',
      'The standard port is kept: the instance is in isolated subnets, reachable only from the RDS Proxy ' +
        'security group; a non-standard port would add no protection.',
    );
    if (!props.multiAz) {
      acknowledge(
        this.instance,
        'AwsSolutions-RDS3',
        'Single-AZ by default to halve the instance cost; automated backups (7 days) cover the data, and ' +
          'operators who need failover set -c databaseMultiAz=true.',
      );
    }
    if (!props.deletionProtection) {
      acknowledge(
        this.instance,
        'AwsSolutions-RDS10',
        props.retain
          ? 'Off by default: deleting the stack takes a final snapshot (Snapshot removal policy), and with ' +
              'protection on neither cdk destroy nor the rollback of a failed first deploy could remove the ' +
              'instance (DELETE_FAILED / ROLLBACK_FAILED). Operators may set -c deletionProtection=true.'
          : 'The operator chose a disposable stack (retainUserData=false, deletionProtection=false).',
      );
    }
  }
}

/** The security groups a function runs in, as one key. */
function groupKey(fn: LambdaFunction): string {
  return fn.connections.securityGroups
    .map((group) => group.node.path)
    .sort()
    .join(',');
}
