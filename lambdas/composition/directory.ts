/**
 * The user directory the routes that invite members read (`directory` access): in AWS the Cognito user
 * pool (USER_POOL_ID, set by the stack), where an email address names a user and a new address is
 * invited by Cognito's email; otherwise the local directory, where a username names its user.
 */
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { cognitoUserDirectory } from '../adapters/aws/cognito-user-directory.ts';
import { localSubject, localUserDirectory } from '../adapters/local/local-user-directory.ts';
import { directoryConfig, type Env } from '../config.ts';
import type { UserDirectory } from '../core/album-members.ts';
import { endpointOptions } from './endpoint-options.ts';

export function userDirectory(env: Env): UserDirectory {
  const config = directoryConfig(env);
  if (!config.USER_POOL_ID) return localUserDirectory;
  const client = new CognitoIdentityProviderClient({
    region: config.AWS_REGION,
    ...endpointOptions({ ...config, endpoint: config.COGNITO_ENDPOINT }),
  });
  return cognitoUserDirectory({ client, userPoolId: config.USER_POOL_ID });
}

/** Local sign-in makes its subjects the way the local directory finds them. */
export { localSubject };
