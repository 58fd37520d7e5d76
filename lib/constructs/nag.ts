/**
 * cdk-nag 3 findings are acknowledged through CDK's own Validations API, one finding id at a time
 * (`AwsSolutions-IAM5[Resource::...]`), always with the reason it is acceptable here. Keeping the
 * helper in one place lets the tests list every acknowledgment and check that each has a reason.
 */

import type { CfnElement } from 'aws-cdk-lib';
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`acknowledgment ${id} needs a specific reason`);
  Validations.of(scope).acknowledge({ id, reason });
}

/** How cdk-nag names an attribute of a resource in a finding id: `<LogicalId.Arn>`. */
export function nagReference(element: CfnElement, attribute: string): string {
  const logicalId = Stack.of(element).resolve(element.logicalId) as string;
  return `<${logicalId}.${attribute}>`;
}
