/**
 * Static keys for a local S3/SQS endpoint when configured; in AWS there are none and the SDK takes
 * the function role's credentials from its default chain.
 */
export function endpointCredentials(config: {
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
}) {
  return config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
    ? {
        credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY },
      }
    : {};
}
