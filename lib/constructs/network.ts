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
 *
 * The NAT instance heals itself rather than failing quietly (a dead NAT would make every job fall
 * back to the offline organizer): its setup script retries the package install that races cloud-init
 * (aws/aws-cdk#36717), persists the forwarding sysctl and the iptables rules across reboots, checks
 * the result, and reports it to CloudFormation, which waits for that signal (a CreationPolicy) and
 * fails the deploy instead of finishing with a broken NAT. Alarms (see Alarms) recover or reboot it
 * when its status checks fail.
 */
import { Aspects, Duration } from 'aws-cdk-lib';
import {
  FlowLogDestination,
  FlowLogTrafficType,
  GatewayVpcEndpointAwsService,
  type Instance,
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
  UserData,
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

/** How long CloudFormation waits for the NAT instance to report its setup (install retries included). */
export const NAT_SETUP_TIMEOUT = Duration.minutes(15);

/**
 * The NAT instance's first-boot script (Amazon Linux 2023, standard AMI: it has cfn-signal). Every
 * step is checked; the script's exit status is what CloudFormation is told.
 */
export const NAT_SETUP_COMMANDS = [
  'exec >>/var/log/momentarium-nat-setup.log 2>&1',
  // dnf can fail while cloud-init's own package work runs; retry with a growing pause (~5 minutes).
  'retry() { for attempt in 1 2 3 4 5 6 7 8 9 10; do "$@" && return 0; sleep $((attempt * 6)); done; return 1; }',
  'retry dnf install -y iptables-services || exit 10',
  '[ -x /opt/aws/bin/cfn-signal ] || retry dnf install -y aws-cfn-bootstrap || exit 11',
  // Persisted: sysctl.d and the iptables service reapply both on every boot (recovery, reboot).
  'echo "net.ipv4.ip_forward=1" >/etc/sysctl.d/90-momentarium-nat.conf',
  'sysctl -p /etc/sysctl.d/90-momentarium-nat.conf || exit 12',
  'systemctl enable --now iptables || exit 13',
  "iface=$(ip route show default | awk '{ print $5; exit }')",
  '[ -n "$iface" ] || exit 14',
  'iptables -t nat -C POSTROUTING -o "$iface" -j MASQUERADE 2>/dev/null || iptables -t nat -A POSTROUTING -o "$iface" -j MASQUERADE || exit 15',
  // The service's default FORWARD chain rejects everything; forwarding is what this instance is for.
  'iptables -F FORWARD || exit 16',
  // What the iptables service restores at boot. Written directly: `service iptables save` needs the
  // legacy `service` command, which Amazon Linux 2023 does not promise.
  'iptables-save >/etc/sysconfig/iptables || exit 17',
  'grep -q MASQUERADE /etc/sysconfig/iptables || exit 19',
  '[ "$(sysctl -n net.ipv4.ip_forward)" = 1 ] && iptables -t nat -S POSTROUTING | grep -q MASQUERADE || exit 18',
  'echo "NAT ready on $iface"',
];

export class Network extends Construct {
  readonly vpc: Vpc;
  /** The NAT instance (natMode=instance), for its recovery alarms; empty with a NAT gateway. */
  readonly natInstances: Instance[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natSetup = UserData.forLinux();
    natSetup.addCommands(...NAT_SETUP_COMMANDS);
    const natInstance =
      props.natMode === 'instance'
        ? NatProvider.instanceV2({
            instanceType: InstanceType.of(InstanceClass.T4G, InstanceSize.NANO),
            userData: natSetup,
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

    if (natInstance) this.hardenNatInstance(natInstance, natSetup);
  }

  private hardenNatInstance(nat: NatInstanceProviderV2, setup: UserData): void {
    nat.connections.allowFrom(Peer.ipv4(VPC_CIDR), Port.allTraffic(), 'NAT for the private subnets');
    // One NAT (natGateways: 1), so the shared script can name its one instance in the signal.
    const [instance, ...others] = nat.gatewayInstances;
    if (!instance || others.length > 0)
      throw new Error('the NAT setup signal assumes exactly one NAT instance');
    setup.addSignalOnExitCommand(instance);
    instance.instance.cfnOptions.creationPolicy = {
      resourceSignal: { count: 1, timeout: `PT${NAT_SETUP_TIMEOUT.toMinutes()}M` },
    };
    this.natInstances.push(instance);
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
      'Detailed monitoring (about $2/month, two-thirds of the instance) adds nothing the alarms need: ' +
        'EC2 publishes status checks every minute at no charge, and the recovery and reboot alarms act ' +
        'on them; an egress outage that passes the status checks shows as model-unreachable fallbacks, ' +
        'which have their own alarm.',
    );
    acknowledge(
      instance,
      'AwsSolutions-EC29',
      'The NAT instance is stateless and disposable: CloudFormation recreates it; termination ' +
        'protection would only block stack updates that replace it.',
    );
  }
}
