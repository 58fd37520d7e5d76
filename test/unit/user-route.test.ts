/**
 * Signed-in routes read and validate the request before anything touches the database: bad input is
 * a 400 even while the database is down, and a malformed request never creates a user.
 */
import type { Context } from 'aws-lambda';
import { ServiceUnavailableError } from '../../lambdas/core/errors.ts';
import type { User } from '../../lambdas/core/model.ts';
import type { UserRepository } from '../../lambdas/core/ports.ts';
import { create as createAddImage } from '../../lambdas/handlers/http/add-album-image.ts';
import { create as createUploadUrls } from '../../lambdas/handlers/http/generate-upload-urls.ts';
import { create as createJobStatus } from '../../lambdas/handlers/http/get-job-status.ts';
import type { HttpEvent, HttpHandler } from '../../lambdas/handlers/middleware/http.ts';
import { InMemoryJobs, newId, RecordingLogger } from '../fakes/in-memory-ports.ts';
import { httpEventFor } from '../support/lambda-events.ts';

/** Users as PostgreSQL keeps them, or a database that is down. */
class Users implements UserRepository {
  readonly created: User[] = [];
  readonly names: (string | null | undefined)[] = [];
  down = false;
  async ensure(subject: string, displayName?: string | null): Promise<User> {
    if (this.down) throw new ServiceUnavailableError('A backing service is unavailable; try again shortly');
    this.names.push(displayName);
    const found = this.created.find((user) => user.subject === subject);
    if (found) return found;
    const user = { id: newId(), subject };
    this.created.push(user);
    return user;
  }
}

function routesWith(users: Users) {
  const deps = { users, logger: new RecordingLogger(), jobs: new InMemoryJobs() } as never;
  return {
    status: createJobStatus(deps) as HttpHandler,
    uploads: createUploadUrls(deps) as HttpHandler,
    addImage: createAddImage(deps) as HttpHandler,
  };
}

const context = { awsRequestId: 'request-1' } as Context;

async function answer(handler: HttpHandler, event: HttpEvent) {
  const result = await handler(event, context);
  return { status: result.statusCode, code: JSON.parse(result.body ?? '{}').error?.code };
}

describe('a signed-in route', () => {
  it('answers 400 to bad input while the database is down, and 503 to good input', async () => {
    const users = new Users();
    users.down = true;
    const { status, uploads, addImage } = routesWith(users);
    const badId = httpEventFor('get-job-status', 'local:ana', { pathParameters: { id: 'not-a-uuid' } });
    expect(await answer(status, badId)).toEqual({ status: 400, code: 'invalid_job_id' });
    const noFiles = httpEventFor('generate-upload-urls', 'local:ana', { body: { files: [] } });
    expect(await answer(uploads, noFiles)).toEqual({ status: 400, code: 'invalid_request' });
    const badBody = httpEventFor('add-album-image', 'local:ana', {
      pathParameters: { albumId: newId() },
      body: { imageId: 'nope' },
    });
    expect(await answer(addImage, badBody)).toEqual({ status: 400, code: 'invalid_request' });
    const good = httpEventFor('get-job-status', 'local:ana', { pathParameters: { id: newId() } });
    expect(await answer(status, good)).toEqual({ status: 503, code: 'service_unavailable' });
  });

  it('creates no user for a malformed request, and resolves the caller for a well-formed one', async () => {
    const users = new Users();
    const { status } = routesWith(users);
    await answer(status, httpEventFor('get-job-status', 'local:bea', { pathParameters: { id: 'x' } }));
    expect(users.created).toEqual([]);
    const made = httpEventFor('get-job-status', 'local:bea', {
      pathParameters: { id: newId().toUpperCase() },
    });
    expect(await answer(status, made)).toEqual({ status: 404, code: 'not_found' });
    expect(users.created.map((user) => user.subject)).toEqual(['local:bea']);
  });

  it('says which id is wrong in words a client understands', async () => {
    const { status } = routesWith(new Users());
    const result = await status(
      httpEventFor('get-job-status', 'local:ana', { pathParameters: { id: '42' } }),
      context,
    );
    expect(JSON.parse(result.body ?? '{}').error).toEqual({
      code: 'invalid_job_id',
      message: 'job id must be a UUID',
      details: { field: 'id' },
    });
  });

  it("records the caller's name from the token: an email, else a username that is not just an id", async () => {
    const users = new Users();
    const { status } = routesWith(users);
    const sub = newId();
    const withClaims = (claims: Record<string, string>) => {
      const event = httpEventFor('get-job-status', sub, { pathParameters: { id: newId() } });
      Object.assign(event.requestContext.authorizer.jwt.claims, claims);
      return status(event, context);
    };
    await withClaims({ username: 'ana' });
    await withClaims({ email: 'ana@example.com', username: 'ana' });
    // Cognito access tokens of a pool signing in by email: the username is the sub, no email claim.
    await withClaims({ username: sub });
    await withClaims({ username: newId() });
    expect(users.names).toEqual(['ana', 'ana@example.com', null, null]);
  });
});
