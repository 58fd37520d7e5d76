/**
 * Builds the app the way bin/momentarium.ts does, with cdk.json's context (settings and feature flags)
 * so the tests check the template an operator would deploy, plus per-test overrides. Bundling is
 * skipped: the tests are about the template, and esbuild/npm are exercised by `npm run synth`.
 */
import { readFileSync } from 'node:fs';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadSettings } from '../../lib/config.ts';
import { MomentariumStack } from '../../lib/momentarium-stack.ts';

export const CDK_JSON = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  app: string;
  context: Record<string, unknown>;
};

export interface BuiltApp {
  app: App;
  stack: MomentariumStack;
  template: Template;
}

export function buildApp(overrides: Record<string, unknown> = {}, options: { nag?: boolean } = {}): BuiltApp {
  const app = new App({
    context: { ...CDK_JSON.context, ...overrides, 'aws:cdk:bundling-stacks': [] },
  });
  // What the CDK CLI would pass from AWS_REGION; a `region` override wins, as `-c region=` does.
  const settings = loadSettings((key) => app.node.tryGetContext(key), 'us-east-1');
  const stack = new MomentariumStack(app, 'Momentarium', { env: { region: settings.region }, settings });
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let template: Template | undefined;
  return {
    app,
    stack,
    get template() {
      template ??= Template.fromStack(stack);
      return template;
    },
  };
}

/** Resources of one type, keyed by logical id. */
export function resourcesOf(
  template: Template,
  type: string,
): Record<string, { Properties?: any; [key: string]: any }> {
  return template.findResources(type);
}

/** Our functions (not CDK's framework handlers): every one has a description starting "Momentarium". */
export function momentariumFunctions(template: Template): Record<string, any> {
  return Object.fromEntries(
    Object.entries(template.findResources('AWS::Lambda::Function')).filter(([, fn]) =>
      String(fn.Properties?.Description ?? '').startsWith('Momentarium'),
    ),
  );
}

/** The logical id of the one function whose description is `text` (or, failing that, mentions it). */
export function functionIdByDescription(template: Template, text: string): string {
  const functions = Object.entries(momentariumFunctions(template));
  const exact = functions.filter(([, fn]) => fn.Properties.Description === text);
  const match =
    exact.length > 0 ? exact : functions.filter(([, fn]) => String(fn.Properties.Description).includes(text));
  if (match.length !== 1)
    throw new Error(`expected one function described with "${text}", got ${match.length}`);
  return (match[0] as [string, unknown])[0];
}
