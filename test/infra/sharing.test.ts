/**
 * Sharing in AWS: the public album pages go through the same CloudFront origin as the API, as a
 * stranger's requests (uncached, nothing of the viewer's forwarded), `noindex` and without a referrer,
 * keeping their own CSP; the opt-in WAF, off by default, created in us-east-1 or attached by ARN.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import { PUBLIC_PAGE_REQUESTS_PER_IP } from '../../lib/constructs/public-page-firewall.ts';
import { PUBLIC_PAGE_FALLBACK_CSP } from '../../lib/constructs/website.ts';
import { buildApp, functionIdByDescription, momentariumFunctions, resourcesOf } from './momentarium-app.ts';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const EXISTING_ACL =
  'arn:aws:wafv2:us-east-1:123456789012:global/webacl/team-acl/473e64fd-f30b-4765-81a0-62ad96dd167a';

let template: Template;
beforeAll(() => {
  template = buildApp().template;
});

const distributionConfig = (from: Template) => {
  const distributions = Object.values(resourcesOf(from, 'AWS::CloudFront::Distribution'));
  expect(distributions).toHaveLength(1);
  return distributions[0]?.Properties.DistributionConfig;
};
const behavior = (from: Template, pattern: string) =>
  distributionConfig(from).CacheBehaviors.find((candidate: any) => candidate.PathPattern === pattern);
const headersPolicy = (from: Template, reference: { Ref: string }) =>
  resourcesOf(from, 'AWS::CloudFront::ResponseHeadersPolicy')[reference.Ref]?.Properties
    .ResponseHeadersPolicyConfig;

describe('public pages through CloudFront', () => {
  test.each(['/s/*', '/api/shared/*'])(
    '%s goes to the API origin uncached, forwarding nothing of the viewer',
    (pattern) => {
      const publicBehavior = behavior(template, pattern);
      expect(publicBehavior).toMatchObject({
        TargetOriginId: behavior(template, '/api/*').TargetOriginId,
        CachePolicyId: CACHING_DISABLED,
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD'],
      });
      // No origin request policy: no Authorization, cookie or query string reaches the public routes.
      expect(publicBehavior.OriginRequestPolicyId).toBeUndefined();
      expect(publicBehavior.FunctionAssociations).toBeUndefined();
    },
  );

  test('no signed-in route sits under a public behavior (it would lose its Authorization header)', () => {
    const publicPatterns = ['/s/*', '/api/shared/*'].map(
      (pattern) => new RegExp(`^${pattern.replace('*', '.*')}$`),
    );
    for (const route of routes.filter((candidate) => candidate.authorized)) {
      const samplePath = route.path.replace(/\{[^}]+\}/g, 'x');
      expect([route.path, publicPatterns.some((pattern) => pattern.test(samplePath))]).toEqual([
        route.path,
        false,
      ]);
    }
  });

  test('the public data path is matched before the API’s own /api/*', () => {
    const patterns = distributionConfig(template).CacheBehaviors.map(
      (candidate: any) => candidate.PathPattern,
    );
    expect(patterns.indexOf('/api/shared/*')).toBeLessThan(patterns.indexOf('/api/*'));
  });

  test('their answers say noindex and send no referrer; the page keeps the CSP its Lambda writes', () => {
    const policy = headersPolicy(template, behavior(template, '/s/*').ResponseHeadersPolicyId);
    expect(behavior(template, '/api/shared/*').ResponseHeadersPolicyId).toEqual(
      behavior(template, '/s/*').ResponseHeadersPolicyId,
    );
    expect(policy.CustomHeadersConfig.Items).toEqual(
      expect.arrayContaining([
        { Header: 'X-Robots-Tag', Value: expect.stringMatching(/^noindex/), Override: true },
      ]),
    );
    expect(policy.SecurityHeadersConfig).toMatchObject({
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      ContentSecurityPolicy: { ContentSecurityPolicy: PUBLIC_PAGE_FALLBACK_CSP, Override: false },
      StrictTransportSecurity: { Override: true },
      ContentTypeOptions: { Override: true },
    });
  });

  test('the site and the signed-in API keep the site’s CSP, which would override a page’s own', () => {
    const sitePolicy = headersPolicy(
      template,
      distributionConfig(template).DefaultCacheBehavior.ResponseHeadersPolicyId,
    );
    expect(sitePolicy.SecurityHeadersConfig.ContentSecurityPolicy.Override).toBe(true);
    expect(behavior(template, '/api/*').ResponseHeadersPolicyId).toEqual(
      distributionConfig(template).DefaultCacheBehavior.ResponseHeadersPolicyId,
    );
  });
});

describe('the WAF option', () => {
  test('off by default: no web ACL, none attached', () => {
    expect(resourcesOf(template, 'AWS::WAFv2::WebACL')).toEqual({});
    expect(distributionConfig(template).WebACLId).toBeUndefined();
  });

  test('publicPageWaf=true: a CLOUDFRONT web ACL that rate-limits each IP on the public paths only, attached', () => {
    const withWaf = buildApp({ publicPageWaf: 'true' }).template;
    const acls = Object.entries(resourcesOf(withWaf, 'AWS::WAFv2::WebACL'));
    expect(acls).toHaveLength(1);
    const [aclId, acl] = acls[0] as [string, any];
    expect(acl.Properties).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    expect(acl.Properties.Rules).toHaveLength(1);
    const rule = acl.Properties.Rules[0];
    expect(rule.Action).toEqual({ Block: {} });
    expect(rule.Statement.RateBasedStatement).toMatchObject({
      AggregateKeyType: 'IP',
      EvaluationWindowSec: 300,
      Limit: PUBLIC_PAGE_REQUESTS_PER_IP,
    });
    const prefixes = rule.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
      (statement: any) => [
        statement.ByteMatchStatement.PositionalConstraint,
        statement.ByteMatchStatement.SearchString,
      ],
    );
    expect(prefixes).toEqual([
      ['STARTS_WITH', '/s/'],
      ['STARTS_WITH', '/api/shared/'],
    ]);
    expect(distributionConfig(withWaf).WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  test('wafWebAclArn attaches an existing web ACL and creates none', () => {
    const attached = buildApp({ wafWebAclArn: EXISTING_ACL }).template;
    expect(resourcesOf(attached, 'AWS::WAFv2::WebACL')).toEqual({});
    expect(distributionConfig(attached).WebACLId).toBe(EXISTING_ACL);
  });
});

describe('Cognito invitations by email', () => {
  const routeFunctionId = (route: (typeof routes)[number]) =>
    functionIdByDescription(template, `Momentarium ${route.method} ${route.path}`);
  const cognitoStatementsOf = (functionId: string) => {
    const roleId = resourcesOf(template, 'AWS::Lambda::Function')[functionId]?.Properties.Role[
      'Fn::GetAtt'
    ][0];
    return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
      .filter((policy) => (policy.Properties.Roles ?? []).some((role: any) => role.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement: any) =>
        [statement.Action].flat().some((action: string) => action.startsWith('cognito-idp:')),
      );
  };
  const userPoolId = () => {
    const pools = Object.keys(resourcesOf(template, 'AWS::Cognito::UserPool'));
    expect(pools).toHaveLength(1);
    return pools[0] as string;
  };

  test('exactly the routes that name the directory may list and create users, on this pool only, and know its id', () => {
    const inviting = routes.filter((route) => route.access.includes('directory'));
    expect(inviting.length).toBeGreaterThan(0);
    for (const route of routes) {
      const id = routeFunctionId(route);
      const statements = cognitoStatementsOf(id);
      const environment = resourcesOf(template, 'AWS::Lambda::Function')[id]?.Properties.Environment
        .Variables;
      if (inviting.includes(route)) {
        expect(statements).toEqual([
          {
            Effect: 'Allow',
            Action: ['cognito-idp:AdminCreateUser', 'cognito-idp:ListUsers'],
            Resource: { 'Fn::GetAtt': [userPoolId(), 'Arn'] },
          },
        ]);
        expect(environment.USER_POOL_ID).toEqual({ Ref: userPoolId() });
      } else {
        expect([route.name, statements]).toEqual([route.name, []]);
        expect([route.name, environment.USER_POOL_ID]).toEqual([route.name, undefined]);
      }
    }
    // Nothing else in the stack reads the pool's users (the worker, ingest, maintenance, migrations).
    for (const id of Object.keys(momentariumFunctions(template))) {
      if (inviting.some((route) => routeFunctionId(route) === id)) continue;
      expect(cognitoStatementsOf(id)).toEqual([]);
    }
  });

  test('the pool sends new users an invitation by email with a temporary password and the site’s address', () => {
    const pool = resourcesOf(template, 'AWS::Cognito::UserPool')[userPoolId()]?.Properties;
    expect(pool.UsernameAttributes).toEqual(['email']);
    const message = pool.AdminCreateUserConfig.InviteMessageTemplate;
    expect(message.EmailSubject).toMatch(/invited/);
    const body = JSON.stringify(message.EmailMessage);
    expect(body).toContain('{####}');
    expect(body).toContain('{username}');
    // The site URL: the distribution's domain (a token until deploy).
    expect(body).toMatch(/Website.*Distribution.*DomainName/);
  });

  test('a changed email stays unverified until proven: the verified one is kept meanwhile', () => {
    const pool = resourcesOf(template, 'AWS::Cognito::UserPool')[userPoolId()]?.Properties;
    expect(pool.AutoVerifiedAttributes).toEqual(['email']);
    expect(pool.UserAttributeUpdateSettings).toEqual({
      AttributesRequireVerificationBeforeUpdate: ['email'],
    });
  });
});
