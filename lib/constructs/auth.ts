/**
 * Sign-in: a Cognito user pool with its hosted UI, and one public app client for the web page
 * (authorization code + PKCE, no client secret: a browser cannot keep one). The HTTP API verifies
 * the pool's JWTs itself (HttpJwtAuthorizer), so no Lambda runs to authorize a request.
 */
import { Duration, Fn, Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  FeaturePlan,
  type IUserPool,
  Mfa,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { keptDataPolicy } from './kept-data.ts';
import { acknowledge } from './nag.ts';

export interface AuthProps {
  readonly selfSignUp: boolean;
  readonly retain: boolean;
  readonly domainPrefix: string | undefined;
  /**
   * A pool kept by an earlier stack (restore): its users keep their ids (`sub`), which own the photos
   * in the restored database. The stack adds its hosted UI domain and web client to it.
   */
  readonly existingUserPoolId?: string | undefined;
  /** https://<site>, named in the invitation email Cognito sends to people invited to an album. */
  readonly siteUrl: string;
}

/** Cognito's invitation to a new user; `{username}` and `{####}` (the temporary password) are required. */
export function invitationEmail(siteUrl: string): { emailSubject: string; emailBody: string } {
  return {
    emailSubject: 'You are invited to a shared photo album on Momentarium',
    emailBody:
      'Someone shared a photo album with you on Momentarium.<br><br>' +
      `Sign in at <a href="${siteUrl}/">${siteUrl}/</a> with your email address {username} and this ` +
      'temporary password: {####}<br>You will choose your own password, then find the album under ' +
      '"Shared with me". The temporary password works for 3 days.',
  };
}

export class Auth extends Construct {
  readonly userPool: IUserPool;
  readonly domain: UserPoolDomain;
  #webClient: UserPoolClient | undefined;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = props.existingUserPoolId
      ? UserPool.fromUserPoolId(this, 'UserPool', props.existingUserPoolId)
      : this.createUserPool(props);
    this.domain = this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? uniquePrefix(this) },
    });
  }

  private createUserPool(props: AuthProps): UserPool {
    const userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: props.selfSignUp,
      signInAliases: { email: true },
      autoVerify: { email: true },
      // A user changing their email keeps the verified one until the new one is verified: otherwise
      // they could switch to someone else's address, unverified, and be found as them by an invitation.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Album owners invite people by email (lambdas/adapters/aws/cognito-user-directory.ts): Cognito
      // creates the user and sends this message with a temporary password.
      userInvitation: invitationEmail(props.siteUrl),
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Lite covers the hosted UI, code + PKCE and TOTP; the first 10,000 monthly active users are free.
      featurePlan: FeaturePlan.LITE,
      // No deletion protection: the removal policy already keeps the pool when the stack goes, and
      // protection would stop a failed first deploy from rolling back (ROLLBACK_FAILED).
      deletionProtection: false,
      removalPolicy: keptDataPolicy(props.retain),
    });
    acknowledge(
      userPool,
      'AwsSolutions-COG2',
      'MFA is offered (TOTP) but not forced: this is a personal photo app, and forcing an authenticator ' +
        'on every user would stop most of them at sign-up. Operators can switch the pool to MFA REQUIRED.',
    );
    acknowledge(
      userPool,
      'AwsSolutions-COG8',
      'The Plus plan is billed per monthly active user for threat protection; Lite already covers the hosted ' +
        'UI, code + PKCE and TOTP, which is what this app uses.',
    );
    acknowledge(
      userPool,
      'AwsSolutions-COG3',
      'Threat protection (advanced security) needs the Cognito Plus plan, billed per monthly active user; ' +
        'strong passwords, optional TOTP and API throttling are the chosen baseline.',
    );
    return userPool;
  }

  /**
   * Lets a route find people by email and invite new ones (the `directory` route access): ListUsers
   * and AdminCreateUser on this pool only, and USER_POOL_ID for the composition (composition/directory.ts).
   */
  grantInviteMembers(fn: NodejsFunction): void {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['cognito-idp:ListUsers', 'cognito-idp:AdminCreateUser'],
        resources: [this.userPool.userPoolArn],
      }),
    );
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
  }

  /** The SPA's client: code flow with PKCE, redirects only to the site itself. */
  addWebClient(siteUrl: string): UserPoolClient {
    this.#webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${siteUrl}/`],
        logoutUrls: [`${siteUrl}/`],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
    return this.#webClient;
  }

  /** Validates tokens issued by this pool to the web client (ID tokens by `aud`, access by `client_id`). */
  jwtAuthorizer(): HttpJwtAuthorizer {
    if (!this.#webClient) throw new Error('add the web client before asking for the authorizer');
    const region = Stack.of(this).region;
    return new HttpJwtAuthorizer(
      'CognitoJwt',
      `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPoolId}`,
      { jwtAudience: [this.#webClient.userPoolClientId], identitySource: ['$request.header.Authorization'] },
    );
  }
}

/**
 * Hosted UI prefixes are global per region, so a fixed name would collide between stacks. The stack
 * id's UUID is unique and only hex and hyphens (never "aws", "amazon" or "cognito").
 */
function uniquePrefix(scope: Construct): string {
  const stackUuid = Fn.select(2, Fn.split('/', Stack.of(scope).stackId));
  return Fn.join('-', ['momentarium', Fn.select(4, Fn.split('-', stackUuid))]);
}
