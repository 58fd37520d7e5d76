/**
 * The Gemini API key lives in Secrets Manager, created EMPTY by the stack: a key never appears in the
 * template, in the CDK context or in a CloudFormation parameter. The operator sets it once after the
 * first deploy (`aws secretsmanager put-secret-value`, see docs/deploying.md); until then the worker
 * puts each upload into one fallback album and says why.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { type CfnSecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './nag.ts';

export class GeminiApiKey extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Google Gemini API key for the Momentarium worker (plain string). Set after deploy.',
      // Kept when the stack is deleted (a restore can copy the key from it: docs/deploying.md), never
      // left behind by a failed first deploy, where it could only bill $0.40 a month for nothing.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    // The L2 always generates a random value when none is given; with neither GenerateSecretString nor
    // SecretString, CloudFormation creates an empty secret (no version until put-secret-value).
    (this.secret.node.defaultChild as CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    acknowledge(
      this.secret,
      'AwsSolutions-SMG4',
      'A third-party API key issued by Google AI Studio: Secrets Manager cannot rotate it. The operator ' +
        'rotates it in AI Studio and stores the new value with put-secret-value (docs/deploying.md).',
    );
  }

  /** The worker reads the key at run time (never at deploy time). */
  grantRead(fn: LambdaFunction): void {
    this.secret.grantRead(fn);
    fn.addEnvironment('GEMINI_API_KEY_SECRET_ARN', this.secret.secretArn);
  }
}
