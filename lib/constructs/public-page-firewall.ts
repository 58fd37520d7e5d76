/**
 * The opt-in web ACL for the public sharing paths (`-c publicPageWaf=true`): one rate-based rule that
 * blocks an IP address sending more than PUBLIC_PAGE_REQUESTS_PER_IP requests in five minutes to a
 * shared album's page or its data; everything else passes. The routes' own throttle (API Gateway route
 * settings) caps the total; this caps one client, so a single scraper cannot use up a family's share.
 *
 * CloudFront's web ACLs have CLOUDFRONT scope and exist only in us-east-1, so only a stack deployed
 * there can own one (lib/config.ts refuses the setting elsewhere; those stacks pass `wafWebAclArn`).
 */
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SHARED_PATH_PREFIXES } from '../../lambdas/handlers/http/routes.ts';

/** Requests one IP address may send to the public paths in five minutes (~1 a second) before a block. */
export const PUBLIC_PAGE_REQUESTS_PER_IP = 300;

export class PublicPageFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const startsWith = (prefix: string): CfnWebACL.StatementProperty => ({
      byteMatchStatement: {
        fieldToMatch: { uriPath: {} },
        positionalConstraint: 'STARTS_WITH',
        searchString: prefix,
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      description: 'Momentarium: per-IP rate limit on the public shared-album pages',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: 'MomentariumPublicPages',
        sampledRequestsEnabled: true,
      },
      rules: [
        {
          name: 'PublicPagesPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              evaluationWindowSec: 300,
              limit: PUBLIC_PAGE_REQUESTS_PER_IP,
              scopeDownStatement: { orStatement: { statements: SHARED_PATH_PREFIXES.map(startsWith) } },
            },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: 'MomentariumPublicPagesPerIp',
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
  }

  get arn(): string {
    return this.webAcl.attrArn;
  }
}
