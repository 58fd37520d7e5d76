/**
 * How the stack lets go of what holds users' data (uploads, the user pool, the Gemini key) when
 * `retainUserData` is on: kept when the stack is deleted or the resource replaced, but deleted when
 * the deploy that created it fails and rolls back (CloudFormation's RetainExceptOnCreate), so a failed
 * first deploy ends in ROLLBACK_COMPLETE with nothing left behind instead of ROLLBACK_FAILED or orphans.
 *
 * The database is the exception: it lives in the stack's VPC, so keeping it would block deleting the
 * VPC. It is deleted after a final snapshot instead (see Database).
 */
import { RemovalPolicy } from 'aws-cdk-lib';

export function keptDataPolicy(retain: boolean): RemovalPolicy {
  return retain ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY;
}
