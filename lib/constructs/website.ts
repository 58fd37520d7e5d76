/**
 * The web front end and the API behind ONE origin: CloudFront serves web/ from a private bucket
 * (Origin Access Control, no public bucket) and forwards `/api/*` to the HTTP API uncached. One
 * origin means no CORS for the API, and the Authorization header reaches API Gateway because the
 * `/api/*` behavior uses the CachingDisabled cache policy with the AllViewerExceptHostHeader origin
 * request policy (API Gateway rejects a foreign Host header, so Host is the one header not sent).
 *
 * Page routes are rewritten to /index.html by a CloudFront Function on the default behavior only, not
 * by distribution-wide custom error responses: those would also turn the API's JSON 403/404 answers
 * into the HTML shell.
 *
 * A shared album's public page (`/s/*`) and its data (`/api/shared/*`) go to the same API origin, but
 * as strangers' requests: uncached, and no viewer header, cookie or query string is forwarded (a
 * visitor's Authorization header never reaches them). Their responses say `noindex` and send no
 * referrer, and the page keeps the Content-Security-Policy its Lambda writes: the site's CSP is only a
 * fallback there, added when the response has none.
 */
import { join } from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { SHARED_PATH_PREFIXES } from '../../lambdas/handlers/http/routes.ts';
import { WORLD_MAP_PATH, worldMap } from '../../lambdas/web-content/world-map.ts';
import { acknowledge, nagReference } from './nag.ts';
import { PROJECT_ROOT } from './node-function.ts';
import { PRIVATE_BUCKET } from './private-bucket.ts';

/** Same policy as web/index.html's meta tag, minus the loopback origins the local runtime needs. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: https://*.amazonaws.com",
  "connect-src 'self' https://*.amazonaws.com wss://*.amazonaws.com https://*.amazoncognito.com",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SPA_REWRITE = `
function handler(event) {
  var request = event.request;
  var lastSegment = request.uri.split('/').pop();
  // A file name has an extension; anything else is a route of the single-page app.
  if (lastSegment.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}`;

/** Used when a public page's response carries no CSP of its own: nothing may load. */
export const PUBLIC_PAGE_FALLBACK_CSP =
  "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface WebsiteProps {
  /** execute-api host name of the HTTP API. */
  readonly apiDomainName: string;
  /** A WAFv2 web ACL (CLOUDFRONT scope) to attach; none by default (docs/deploying.md, "Sharing"). */
  readonly webAclArn?: string | undefined;
  readonly accessLogsBucket: IBucket;
  readonly domainName: string | undefined;
  readonly certificateArn: string | undefined;
}

export class Website extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** https://<host>, no trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebsiteProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      ...PRIVATE_BUCKET,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'website/',
      // Build output only: every file comes back from web/ on the next deploy.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });

    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Momentarium security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
      customHeadersBehavior: {
        customHeaders: [
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });
    const publicPageHeaders = new ResponseHeadersPolicy(this, 'PublicPageHeaders', {
      comment: 'Momentarium shared-album pages: noindex, no referrer, the page keeps its own CSP',
      securityHeadersBehavior: {
        // override: false keeps the CSP the page's Lambda writes; this applies only when it wrote none.
        contentSecurityPolicy: { contentSecurityPolicy: PUBLIC_PAGE_FALLBACK_CSP, override: false },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: false },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
      customHeadersBehavior: {
        customHeaders: [
          // The same value the public routes write themselves (handlers/http/shared-album-body.ts).
          { header: 'X-Robots-Tag', value: 'noindex, nofollow', override: true },
          { header: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()', override: true },
        ],
      },
    });
    const spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Serve index.html for single-page-app routes',
    });

    const customDomain =
      props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {};
    const apiOrigin = new HttpOrigin(props.apiDomainName, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    // No origin request policy: CloudFront forwards no viewer header (not Authorization), cookie or
    // query string, and sets Host to the API's own name.
    const publicPages: BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      responseHeadersPolicy: publicPageHeaders,
      compress: true,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Momentarium web front end and /api',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      ...customDomain,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
      // CloudFront tries behaviors in this order: /api/shared/* before /api/*.
      additionalBehaviors: {
        ...Object.fromEntries(SHARED_PATH_PREFIXES.map((prefix) => [`${prefix}*`, publicPages])),
        '/api/*': {
          origin: apiOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: securityHeaders,
        },
      },
    });
    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    this.acknowledgeChoices(Boolean(props.certificateArn), Boolean(props.webAclArn));
  }

  /**
   * Uploads web/, the runtime configuration the page reads at start (web/js/auth.js), and the world
   * map's outlines, projected at synth time from an npm package (lambdas/web-content/world-map.ts) so
   * the map needs no tile server and nothing geographic is committed.
   */
  deployContent(runtimeConfig: Record<string, unknown>): BucketDeployment {
    const deployment = new BucketDeployment(this, 'Content', {
      sources: [
        Source.asset(join(PROJECT_ROOT, 'web')),
        Source.jsonData('config.json', runtimeConfig),
        Source.jsonData(WORLD_MAP_PATH.slice(1), worldMap()),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
      logGroup: new LogGroup(this, 'ContentDeploymentLogs', {
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeDeploymentHandler(deployment, this.bucket);
    return deployment;
  }

  private acknowledgeChoices(hasCertificate: boolean, hasWebAcl: boolean): void {
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'A photo album for its owner, used wherever they travel; there is no country to exclude.',
    );
    if (!hasWebAcl) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR2',
        'No WAF by default: every API route but health, the API description and the shared-album pages ' +
          'needs a Cognito JWT, the stage is throttled and the public pages more tightly per route, and a web ' +
          'ACL would cost more than the rest of an idle deployment; opt in with -c publicPageWaf=true or ' +
          '-c wafWebAclArn=<arn> (docs/deploying.md, "Sharing").',
      );
    }
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'What is worth a log is logged elsewhere: API calls by the HTTP API stage (JSON access log), photo ' +
        'bytes (presigned S3 URLs, never through CloudFront) by the uploads bucket access log. What remains ' +
        'is the static web app, the same for every visitor. CloudFront standard logging v2 could deliver ' +
        'those requests without bucket ACLs (CloudWatch vended logs, billed per GB); it is left out as cost ' +
        'with no question it would answer.',
    );
    if (!hasCertificate) {
      acknowledge(
        this.distribution,
        'AwsSolutions-CFR4',
        'Without a custom domain CloudFront serves its *.cloudfront.net certificate, whose TLS policy cannot ' +
          'be set; with -c siteDomainName/siteCertificateArn the minimum becomes TLSv1.2_2021.',
      );
    }
  }
}

/**
 * BucketDeployment's handler is aws-cdk-lib's own singleton function (Python, AWS CLI layer) that
 * copies the build into the bucket and invalidates CloudFront during deploys; its role is generated by
 * the library. These are the findings on it, each accepted for the reason given.
 */
function acknowledgeDeploymentHandler(deployment: BucketDeployment, bucket: Bucket): void {
  const handler = deployment.handlerRole.node.scope as Construct;
  const stack = Stack.of(bucket);
  const assetsBucket = `cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-<AWS::AccountId>-${stack.region}`;
  const reasons: Record<string, string> = {
    'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]':
      'The deployment handler only writes its own logs with this AWS-managed policy.',
    'AwsSolutions-IAM5[Action::s3:GetBucket*]':
      'Generated by BucketDeployment: reads of the CDK asset bucket and the website bucket only.',
    'AwsSolutions-IAM5[Action::s3:GetObject*]':
      'Generated by BucketDeployment: reads the zipped build from the CDK asset bucket.',
    'AwsSolutions-IAM5[Action::s3:List*]':
      'Generated by BucketDeployment: `aws s3 sync` lists the website bucket to prune old files.',
    'AwsSolutions-IAM5[Action::s3:Abort*]':
      'Generated by BucketDeployment: multipart uploads into the website bucket may need aborting.',
    'AwsSolutions-IAM5[Action::s3:DeleteObject*]':
      'Generated by BucketDeployment: prunes files removed from web/ from the website bucket only.',
    [`AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetsBucket}/*]`]:
      'Generated by BucketDeployment: the CDK bootstrap asset bucket, whose object keys are content hashes.',
    [`AwsSolutions-IAM5[Resource::arn:aws:s3:::${assetsBucket}/*]`]:
      'Generated by BucketDeployment: the CDK bootstrap asset bucket, whose object keys are content hashes.',
    [`AwsSolutions-IAM5[Resource::${nagReference(bucket.node.defaultChild as CfnBucket, 'Arn')}/*]`]:
      'Generated by BucketDeployment: every file of the website bucket is replaced on deploy.',
    'AwsSolutions-IAM5[Resource::*]':
      'Generated by BucketDeployment (aws-cdk-lib): cloudfront:CreateInvalidation and GetInvalidation on "*"; ' +
      'the two actions can only create or read cache invalidations, never change a distribution.',
    'AwsSolutions-L1':
      "The handler's runtime is pinned by aws-cdk-lib's BucketDeployment and moves with library upgrades; " +
      'it runs only during deploys and handles no user input.',
  };
  for (const [id, reason] of Object.entries(reasons)) acknowledge(handler, id, reason);
}
