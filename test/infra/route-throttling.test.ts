/**
 * Route throttling in AWS (lib/constructs/api.ts): a route's `throttle` becomes a stage route setting
 * keyed by its route key, below the stage default, and the stage waits for the route it names. Built
 * once with a synthetic throttled route (so the construct is tested whatever the manifest holds) and
 * once as the operator's stack (every throttled route of the manifest).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { Vpc } from 'aws-cdk-lib/aws-ec2';
import { type NamedRoute, routes } from '../../lambdas/handlers/http/routes.ts';
import { Api, STAGE_BURST_LIMIT, STAGE_RATE_LIMIT } from '../../lib/constructs/api.ts';
import { buildApp, resourcesOf } from './momentarium-app.ts';

const health = routes.find((route) => route.name === 'health') as NamedRoute;
const openApi = routes.find((route) => route.name === 'get-openapi') as NamedRoute;

function apiWith(routeList: NamedRoute[]): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Test', { env: { region: 'us-east-1' } });
  const api = new Api(stack, 'Api');
  api.addRouteFunctions(routeList, {
    vpc: new Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    authorizer: new HttpNoneAuthorizer(),
    configure: () => {},
  });
  return Template.fromStack(stack);
}

const stageOf = (template: Template) => {
  const stages = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Stage'));
  expect(stages).toHaveLength(1);
  return stages[0] as { Properties: any; DependsOn?: string[] };
};

const routeIdByKey = (template: Template, key: string): string => {
  const found = Object.entries(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).find(
    ([, route]) => route.Properties.RouteKey === key,
  );
  if (!found) throw new Error(`no route ${key}`);
  return found[0];
};

test('a throttled route gets its own route setting; the others keep the stage default', () => {
  const template = apiWith([{ ...health, throttle: { rateLimit: 7, burstLimit: 13 } }, openApi]);
  const stage = stageOf(template);
  expect(stage.Properties.DefaultRouteSettings).toEqual({
    ThrottlingRateLimit: STAGE_RATE_LIMIT,
    ThrottlingBurstLimit: STAGE_BURST_LIMIT,
  });
  expect(stage.Properties.RouteSettings).toEqual({
    'GET /api/health': { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 13 },
  });
  // CloudFormation refuses route settings for a route that does not exist yet.
  expect(stage.DependsOn).toEqual(expect.arrayContaining([routeIdByKey(template, 'GET /api/health')]));
  expect(stage.DependsOn).not.toContain(routeIdByKey(template, 'GET /api/openapi.json'));
});

test('without a throttled route the stage has no route settings', () => {
  expect(stageOf(apiWith([health])).Properties.RouteSettings).toBeUndefined();
});

test.each([
  [{ rateLimit: STAGE_RATE_LIMIT + 1, burstLimit: 10 }],
  [{ rateLimit: 10, burstLimit: STAGE_BURST_LIMIT + 1 }],
])('a route throttle above the stage default is refused at synth: %j', (throttle) => {
  expect(() => apiWith([{ ...health, throttle }])).toThrow(/must be below the stage's/);
});

test("the operator's stack: every route the manifest throttles has exactly its limits", () => {
  const template = buildApp().template;
  const stage = stageOf(template);
  const throttled = routes.filter((route) => route.throttle);
  expect(stage.Properties.RouteSettings ?? {}).toEqual(
    Object.fromEntries(
      throttled.map((route) => [
        `${route.method} ${route.path}`,
        { ThrottlingRateLimit: route.throttle?.rateLimit, ThrottlingBurstLimit: route.throttle?.burstLimit },
      ]),
    ),
  );
  for (const route of throttled) {
    expect(stage.DependsOn).toContain(routeIdByKey(template, `${route.method} ${route.path}`));
  }
  // Every public route but the two that answer probes and describe the API is throttled.
  for (const route of routes.filter((candidate) => !candidate.authorized)) {
    if (route.name === 'health' || route.name === 'get-openapi') continue;
    expect([route.name, route.throttle]).toEqual([route.name, expect.anything()]);
  }
});
