/**
 * The CDK app: validated settings from context, the one stack, and cdk-nag's AWS Solutions checks as a
 * synth-time validation plugin (cdk-nag 3; the v2 `Aspects.of(app).add(...)` call crashes).
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadSettings } from '../lib/config.ts';
import { MomentariumStack } from '../lib/momentarium-stack.ts';

const app = new App();
const settings = loadSettings((key) => app.node.tryGetContext(key), process.env.CDK_DEFAULT_REGION);
// Template-only synth (-c bundleLambdas=false): skip building Lambda code. Must precede any stack.
if (!settings.bundleLambdas) app.node.setContext('aws:cdk:bundling-stacks', []);

new MomentariumStack(app, 'Momentarium', {
  // The region is concrete (region-bound values are checked at synth); the account is left to the
  // deploying credentials, which also keeps the zones a deploy-time Fn::GetAZs instead of a lookup.
  env: { region: settings.region },
  settings,
  description: 'Momentarium: photos in, albums out (one Gemini call per upload)',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
