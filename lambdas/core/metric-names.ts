/**
 * The worker's CloudWatch metrics (namespace and names), shared by the code that publishes them and
 * the stack's dashboard and alarms, so the two can never drift apart. Plain constants: lib/ may read
 * them without pulling runtime code into `cdk synth`.
 */
export const METRICS_NAMESPACE = 'Momentarium';
/** Powertools adds it as the `service` dimension of every metric. */
export const SERVICE_NAME = 'momentarium';

export const JOB_METRICS = {
  /** Jobs that ended completed / failed (count per job). */
  completed: 'JobsCompleted',
  failed: 'JobsFailed',
  /** Photos placed into albums, and photos rejected (unreadable, missing). */
  photos: 'PhotosOrganized',
  rejected: 'PhotosRejected',
  /** 1 when the model was meant to organize a job and did not; 0 otherwise. */
  fallbacks: 'ModelFallbacks',
  /** 1 when that was because the model could not be reached (network, timeout, overload). */
  unreachable: 'ModelUnreachable',
  /** Time in the model call, retries included (milliseconds). */
  latency: 'ModelLatency',
  /** Tokens billed: input (prompt and images) and output (answer and thinking). */
  inputTokens: 'ModelInputTokens',
  outputTokens: 'ModelOutputTokens',
  /** Estimated cost at the model's list price, in US dollars. */
  costUsd: 'ModelCostUsd',
} as const;
