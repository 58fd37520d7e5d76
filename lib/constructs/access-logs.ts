/**
 * The bucket that receives S3 server access logs (uploads, website) and VPC flow logs. Private, owner
 * enforced, TLS only, SSE-S3 (server access logging cannot write to SSE-KMS buckets), expiring after
 * 90 days so logs never grow without bound.
 *
 * With `retain` it is kept whenever the stack goes, a failed first deploy included: it is the record
 * of what happened (flow logs start arriving within minutes, so it is rarely empty, and CloudFormation
 * cannot delete a non-empty bucket), and its lifecycle rule empties it within 90 days at no cost.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';
import { PRIVATE_BUCKET } from './private-bucket.ts';

export interface AccessLogsProps {
  readonly retain: boolean;
}

export class AccessLogs extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: AccessLogsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      autoDeleteObjects: !props.retain,
    });
    acknowledge(
      this.bucket,
      'AwsSolutions-S1',
      'This is the access-log destination itself; logging its own access would write logs about logs.',
    );
  }
}
