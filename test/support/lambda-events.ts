import type { SQSEvent } from 'aws-lambda';
import { processJobMessage } from '../../lambdas/core/job-message.ts';
import { routes } from '../../lambdas/handlers/http/routes.ts';
import type { HttpEvent } from '../../lambdas/handlers/middleware/http.ts';

/** What API Gateway hands a route's Lambda (payload 2.0), with the JWT authorizer's claims for `subject`. */
export function httpEventFor(
  name: string,
  subject: string,
  request: { pathParameters?: Record<string, string>; body?: unknown } = {},
): HttpEvent {
  const route = routes.find((candidate) => candidate.name === name);
  if (!route) throw new Error(`no route ${name}`);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath: route.path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    pathParameters: request.pathParameters,
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
    isBase64Encoded: false,
    requestContext: {
      requestId: `req-${name}`,
      http: { method: route.method, path: route.path },
      ...(route.authorized ? { authorizer: { jwt: { claims: { sub: subject }, scopes: [] } } } : {}),
    },
  } as unknown as HttpEvent;
}

/** What the SQS event source mapping hands ingest for S3's notification that `key` was created. */
export function objectCreatedEvent(key: string): SQSEvent {
  const notification = {
    Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'uploads' }, object: { key } } }],
  };
  return {
    Records: [
      {
        messageId: 'notification-1',
        body: JSON.stringify(notification),
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  } as unknown as SQSEvent;
}

/** What the SQS event source mapping hands the worker for one first delivery of a job message. */
export function jobMessageEvent(jobId: string): SQSEvent {
  return {
    Records: [
      {
        messageId: 'message-1',
        body: JSON.stringify(processJobMessage(jobId)),
        attributes: { ApproximateReceiveCount: '1' },
      },
    ],
  } as unknown as SQSEvent;
}
