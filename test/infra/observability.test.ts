/**
 * What the operator sees and is told: the dashboard shows the worker's job metrics (the names the
 * worker publishes, lambdas/core/metric-names.ts) beside the services' own and every alarm, and an
 * alarm fires when most jobs cannot reach the model.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { JOB_METRICS, METRICS_NAMESPACE } from '../../lambdas/core/metric-names.ts';
import { buildApp, resourcesOf } from './momentarium-app.ts';

let template: Template;
beforeAll(() => {
  template = buildApp().template;
});

function dashboardBody(): string {
  const [dashboard] = Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard'));
  // A Fn::Join of JSON text and references; the text is what matters here.
  return JSON.stringify(dashboard?.Properties.DashboardBody);
}

test('one dashboard graphs every job metric the worker publishes, from its namespace', () => {
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  const body = dashboardBody();
  expect(body).toContain(`\\"${METRICS_NAMESPACE}\\"`);
  for (const name of Object.values(JOB_METRICS)) expect(body).toContain(`\\"${name}\\"`);
  for (const name of ['AWS/Lambda', 'AWS/SQS', 'AWS/ApiGateway', 'AWS/EC2', 'StatusCheckFailed'])
    expect(body).toContain(name);
  template.hasOutput('DashboardName', {});
});

test('the dashboard shows the state of every alarm', () => {
  const body = dashboardBody();
  const alarms = Object.keys(resourcesOf(template, 'AWS::CloudWatch::Alarm'));
  expect(alarms.length).toBeGreaterThanOrEqual(6);
  for (const id of alarms) expect(body).toContain(`"Fn::GetAtt":["${id}","Arn"]`);
});

test('an alarm fires when most jobs in half an hour could not reach the model', () => {
  const alarm = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).find((candidate) =>
    JSON.stringify(candidate.Properties.Metrics ?? []).includes(JOB_METRICS.unreachable),
  );
  expect(alarm).toBeDefined();
  const metrics = alarm?.Properties.Metrics as any[];
  const expression = metrics.find((metric) => metric.Expression);
  expect(expression.Expression).toBe('IF(unreachable >= 2 AND unreachable >= 0.5 * jobs, 1, 0)');
  const inputs = metrics.filter((metric) => metric.MetricStat);
  expect(inputs.map((metric) => metric.MetricStat.Metric.MetricName).sort()).toEqual([
    JOB_METRICS.completed,
    JOB_METRICS.unreachable,
  ]);
  for (const input of inputs) {
    expect(input.MetricStat).toMatchObject({ Period: 1800, Stat: 'Sum' });
    expect(input.MetricStat.Metric).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      Dimensions: [{ Name: 'service', Value: 'momentarium' }],
    });
  }
  expect(alarm?.Properties).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
  expect(JSON.stringify(alarm?.Properties.AlarmActions)).toContain('AlarmsTopic');
});
