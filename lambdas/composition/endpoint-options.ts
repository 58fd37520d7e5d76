/**
 * Where an S3 or SQS client connects, and with which keys.
 *
 * In AWS no endpoint is configured and no credentials are passed: the SDK's default chain reads the
 * function role's AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY *and* AWS_SESSION_TOKEN. Lambda sets the
 * first two in every function's environment, so passing them as static keys (without the token)
 * would make S3 and SQS reject every call. Static keys are for a local endpoint only (s3rver knows
 * exactly one key pair).
 */
export function endpointOptions(config: {
  endpoint?: string | undefined;
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
}): { endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } {
  if (!config.endpoint) return {};
  return {
    endpoint: config.endpoint,
    ...(config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: config.AWS_ACCESS_KEY_ID,
            secretAccessKey: config.AWS_SECRET_ACCESS_KEY,
          },
        }
      : {}),
  };
}
