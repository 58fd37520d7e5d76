/**
 * The VPC every function runs in. Three tiers in two AZs: public (the NAT only), private with egress
 * (Lambdas: they reach RDS Proxy inside the VPC and Gemini/SQS/Secrets Manager outside it), and
 * isolated (the database and its proxy, with no route out at all).
 *
 * Egress goes through ONE NAT for both AZs. `instance` (default) is a t4g.nano NAT instance, about
 * $7/month with its public IPv4; `gateway` is a managed NAT gateway, about $36/month plus $0.045/GB.
 * Momentarium's internet traffic is small (one Gemini request per job, small SQS and Secrets Manager
 * calls), so the gateway's managed availability is not worth five times the idle cost for most
 * deployments; choose `gateway` when a NAT instance reboot must not delay jobs. S3 traffic (the bulk)
 * never touches the NAT: it goes through a free gateway endpoint.
 */
import { Aspects } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  InstanceClass,
  InstanceRequireImdsv2Aspect,
  InstanceSize,
  InstanceType,
  IpAddresses,
  type NatInstanceProviderV2,
  NatProvider,
  NatTrafficDirection,
  Peer,
  Port,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { NatMode } from '../config.ts';
import { acknowledge } from './nag.ts';

/** A literal (not the VPC's token) so security-group rules that name it can be checked at synth. */
export const VPC_CIDR = '10.40.0.0/16';

export interface NetworkProps {
  /** Named zones; absent: the region's first two (Fn::GetAZs at deploy time, no synth-time lookup). */
  readonly availabilityZones?: readonly string[] | undefined;
  readonly natMode: NatMode;
  /** Where rejected-traffic flow logs go (the access-log bucket). */
  readonly flowLogBucket: IBucket;
}

export class Network extends Construct {
  readonly vpc: Vpc;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natInstance =
      props.natMode === 'instance'
        ? NatProvider.instanceV2({
            instanceType: InstanceType.of(InstanceClass.T4G, InstanceSize.NANO),
            associatePublicIpAddress: true,
            // Not the default "allow all inbound from anywhere": only the VPC may send traffic through it.
            defaultAllowedTraffic: NatTrafficDirection.OUTBOUND_ONLY,
          })
        : undefined;

    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(VPC_CIDR),
      ...(props.availabilityZones ? { availabilityZones: [...props.availabilityZones] } : { maxAzs: 2 }),
      natGateways: 1,
      natGatewayProvider: natInstance ?? NatProvider.gateway(),
      subnetConfiguration: [
        { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'functions', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'data', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        S3: { service: GatewayVpcEndpointAwsService.S3 },
      },
    });
    // Rejected connections only: enough to investigate probing or a mis-set security group, at a
    // fraction of the volume (and cost) of logging all traffic.
    this.vpc.addFlowLog('RejectedTraffic', {
      destination: FlowLogDestination.toS3(props.flowLogBucket, 'vpc-flow-logs/'),
      trafficType: FlowLogTrafficType.REJECT,
    });

    if (natInstance) this.hardenNatInstance(natInstance);
  }

  private hardenNatInstance(nat: NatInstanceProviderV2): void {
    nat.connections.allowFrom(Peer.ipv4(VPC_CIDR), Port.allTraffic(), 'NAT for the private subnets');
    for (const instance of nat.gatewayInstances) {
      // IMDSv2 only (a launch template attached by the aspect): the instance needs no role credentials.
      Aspects.of(instance).add(new InstanceRequireImdsv2Aspect());
      // The L2 NAT provider has no block-device option; encrypt the root volume through the L1.
      instance.instance.addPropertyOverride('BlockDeviceMappings', [
        { DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeType: 'gp3', DeleteOnTermination: true } },
      ]);
      acknowledge(
        instance,
        'AwsSolutions-EC26',
        'The root volume is encrypted through a property override (BlockDeviceMappings Encrypted: true), ' +
          'which cdk-nag cannot see; the NAT instance stores no data.',
      );
      acknowledge(
        instance,
        'AwsSolutions-EC28',
        'Detailed monitoring would cost more than the t4g.nano NAT itself; basic 5-minute metrics suffice ' +
          'for a stateless NAT, and the DLQ and worker-error alarms catch an egress outage.',
      );
      acknowledge(
        instance,
        'AwsSolutions-EC29',
        'The NAT instance is stateless and disposable: CloudFormation recreates it; termination ' +
          'protection would only block stack updates that replace it.',
      );
    }
  }
}
