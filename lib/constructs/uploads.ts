/**
 * The photo bucket. Browsers PUT originals straight to it with presigned URLs (so CORS allows the
 * site's origin only) and read them back through presigned GETs; the worker writes previews and
 * thumbnails next to the originals. Every object lives under `users/<owner>/`, so grants are scoped to `users/*`.
 *
 * Lifecycle: incomplete multipart uploads are aborted after a day; noncurrent versions (from an
 * overwrite or delete) expire after NONCURRENT_VERSION_DAYS; and abandoned uploads expire after
 * ABANDONED_UPLOAD_DAYS. An original arrives tagged `momentarium-state=uploaded` (the tag is signed into
 * the upload URL) and the worker re-tags it `kept` once it has read it, so only originals that were
 * never organized — never submitted, or rejected as unreadable — still carry `uploaded` and expire.
 */
import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type CfnBucket, HttpMethods, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { UNORGANIZED_ORIGINAL_DAYS } from '../../lambdas/core/upload-policy.ts';
import { keptDataPolicy } from './kept-data.ts';
import { acknowledge, nagReference } from './nag.ts';
import { PRIVATE_BUCKET } from './private-bucket.ts';

/**
 * Versioning protects photos from a buggy overwrite or delete; an old or deleted version is kept this
 * many days and then expires, so "delete for good" is final after a week.
 */
export const NONCURRENT_VERSION_DAYS = 7;

/** Originals never organized this long after their upload are deleted (see lambdas/adapters/s3). */
export const ABANDONED_UPLOAD_DAYS = UNORGANIZED_ORIGINAL_DAYS;
export const UPLOAD_STATE_TAG = 'momentarium-state';

/** Storage keys always start here (lambdas/core/upload-policy.ts). */
export const USER_OBJECTS_PREFIX = 'users/';

export interface UploadsProps {
  readonly retain: boolean;
  readonly accessLogsBucket: IBucket;
  /** Browser origins allowed to PUT and GET (the site's own origin first). */
  readonly allowedOrigins: string[];
}

export class Uploads extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: UploadsProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      versioned: true,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads/',
      cors: [
        {
          allowedOrigins: props.allowedOrigins,
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          // Content-Type and the upload-state tag are signed into every upload URL, and the file's SHA-256
          // checksum when the client sent its hash; nothing else is needed.
          allowedHeaders: ['content-type', 'x-amz-tagging', 'x-amz-checksum-sha256'],
          exposedHeaders: ['etag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        {
          id: 'expire-abandoned-uploads',
          prefix: USER_OBJECTS_PREFIX,
          tagFilters: { [UPLOAD_STATE_TAG]: 'uploaded' },
          expiration: Duration.days(ABANDONED_UPLOAD_DAYS),
        },
        {
          id: 'expire-noncurrent-versions',
          noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_DAYS),
        },
      ],
      removalPolicy: keptDataPolicy(props.retain),
      autoDeleteObjects: !props.retain,
    });
  }

  /**
   * Presigning upload URLs: PutObject under users/ only, and PutObjectTagging because the signed PUT
   * carries the upload-state tag (S3 checks both against the signer when the browser uploads).
   */
  grantPresignUploads(fn: LambdaFunction): void {
    this.allow(fn, ['s3:PutObject', 's3:PutObjectTagging']);
    this.tellWhereToSign(fn);
  }

  /**
   * Presigning download URLs. S3 checks the signer's permission when the browser uses the URL, so the
   * function needs GetObject even though it never reads a byte itself.
   */
  grantPresignDownloads(fn: LambdaFunction): void {
    this.allow(fn, ['s3:GetObject']);
    this.tellWhereToSign(fn);
  }

  /**
   * Reading originals without writing anything: checking that uploads arrived (HEAD) before a job is
   * queued, reading the details of photos read before they were kept. Listing too, so a missing
   * object answers 404 (gone) rather than 403.
   */
  grantReadOriginals(fn: LambdaFunction): void {
    this.allow(fn, ['s3:GetObject']);
    this.allowListing(fn);
  }

  /** Deleting a photo for good: the original, its preview and its thumbnail. */
  grantDeletePhotos(fn: LambdaFunction): void {
    this.allow(fn, ['s3:DeleteObject']);
  }

  /** Ingest: reads originals and writes their renditions (preview, thumbnail, model image) beside them. */
  grantIngest(fn: LambdaFunction): void {
    this.allow(fn, ['s3:GetObject', 's3:PutObject']);
    this.allowListing(fn);
  }

  /** The worker: reads originals, writes previews and thumbnails next to them, tags what it organized `kept`. */
  grantReadWritePhotos(fn: LambdaFunction): void {
    this.allow(fn, ['s3:GetObject', 's3:PutObject', 's3:PutObjectTagging']);
    this.allowListing(fn);
  }

  /** Object actions on users/* of this bucket, named one by one (no `s3:Get*`-style wildcards). */
  private allow(fn: LambdaFunction, actions: string[]): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions, resources: [this.bucket.arnForObjects(`${USER_OBJECTS_PREFIX}*`)] }),
    );
    fn.addEnvironment('UPLOADS_BUCKET', this.bucket.bucketName);
    const bucketArn = nagReference(this.bucket.node.defaultChild as CfnBucket, 'Arn');
    // On the role, where the policy is: routes share a role (lib/constructs/api.ts), not a parent.
    acknowledge(
      fn.role ?? fn,
      `AwsSolutions-IAM5[Resource::${bucketArn}/${USER_OBJECTS_PREFIX}*]`,
      'Object keys are generated per user and per photo at run time; the grant is limited to the users/ ' +
        'prefix of this one bucket and to the named actions, which is as narrow as S3 object ARNs allow.',
    );
  }

  /**
   * Signing functions address the bucket by its regional domain name (virtual-hosted style, right for
   * every partition): CloudFormation resolves it, so they need no S3 client or endpoint rules.
   */
  private tellWhereToSign(fn: LambdaFunction): void {
    fn.addEnvironment('UPLOADS_BUCKET_DOMAIN', this.bucket.bucketRegionalDomainName);
  }

  /**
   * ListBucket on this bucket only: without it S3 answers 403 instead of 404 for a missing key, and
   * "not uploaded yet" would look like an access failure.
   */
  private allowListing(fn: LambdaFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
  }
}
