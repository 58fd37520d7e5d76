/** The HTTP contract: every bad input is a 4xx with the standard error body, and retries are safe. */
import { readFileSync } from 'node:fs';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { makeJpeg } from '../fixtures/photos.ts';
import { type Harness, startHarness, uploadFiles, waitForJob } from '../support/local-app-harness.ts';

let harness: Harness;
let token: string;

beforeAll(async () => {
  harness = await startHarness();
  ({ token } = await harness.signIn('carla'));
});
afterAll(() => harness?.stop());

const errorBody = (code: string) => ({ error: { code, message: expect.any(String) } });

describe('POST /api/uploads/generate-urls', () => {
  const file = { name: 'a.jpg', contentType: 'image/jpeg', size: 1000 };
  it.each([
    ['no body', undefined, 'invalid_json'],
    ['non-JSON', '{"files": [', 'invalid_json'],
    ['no files', { files: [] }, 'invalid_request'],
    ['files not an array', { files: 'a.jpg' }, 'invalid_request'],
    ['too many files', { files: Array.from({ length: 101 }, () => file) }, 'too_many_items'],
    ['a zero-byte file', { files: [{ ...file, size: 0 }] }, 'invalid_request'],
    ['a file over the size cap', { files: [{ ...file, size: 50 * 1024 * 1024 + 1 }] }, 'invalid_request'],
    ['a fractional size', { files: [{ ...file, size: 1.5 }] }, 'invalid_request'],
    ['an empty name', { files: [{ ...file, name: '   ' }] }, 'invalid_request'],
    ['a name with a NUL byte', { files: [{ ...file, name: 'a\u0000b.jpg' }] }, 'invalid_request'],
    ['a name with a line break', { files: [{ ...file, name: 'a\nb.jpg' }] }, 'invalid_request'],
    ['a GIF', { files: [{ ...file, contentType: 'image/gif' }] }, 'unsupported_media_type'],
  ])('rejects %s', async (_, body, code) => {
    const response = await harness.api('/api/uploads/generate-urls', {
      token,
      method: 'POST',
      ...(body === undefined ? {} : { body }),
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject(errorBody(code));
  });

  it('names the field that is wrong', async () => {
    const response = await harness.api('/api/uploads/generate-urls', {
      token,
      body: { files: [{ ...file, size: -1 }] },
    });
    expect(response.body.error.message).toMatch(/^files\.0\.size: /);
  });

  it('rejects a body that is not JSON by content type, and one that is too large', async () => {
    const wrongType = await harness.api('/api/uploads/generate-urls', {
      token,
      body: JSON.stringify({ files: [file] }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrongType.status).toBe(415);
    const huge = await harness.api('/api/uploads/generate-urls', {
      token,
      body: { files: [file], pad: 'x'.repeat(300_000) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject(errorBody('payload_too_large'));
  });

  it("issues one URL per file under the caller's own prefix", async () => {
    const session = await harness.signIn('carla');
    const response = await harness.api('/api/uploads/generate-urls', {
      token,
      body: { files: [file, { ...file, name: '../../etc/passwd', contentType: 'image/heic' }] },
    });
    expect(response.status).toBe(200);
    const [first, second] = response.body.uploads;
    expect(first).toMatchObject({
      method: 'PUT',
      headers: { 'Content-Type': 'image/jpeg' },
      expiresAt: expect.any(String),
    });
    expect(first.key).toMatch(new RegExp(`^users/${session.userId}/photos/[0-9a-f-]{36}/original\\.jpg$`));
    expect(second.key).toMatch(/\/original\.heic$/);
    expect(second.key).not.toContain('..');
    const expires = Date.parse(first.expiresAt) - Date.now();
    expect(expires).toBeGreaterThan(240_000);
    expect(expires).toBeLessThanOrEqual(300_000);
  });
});

describe('POST /api/galleries/process', () => {
  it('rejects keys that were never issued or never uploaded', async () => {
    const unknown = await harness.api('/api/galleries/process', {
      token,
      body: { imageKeys: ['users/x/photos/y/original.jpg'] },
    });
    expect(unknown.status).toBe(404);
    const issued = await harness.api('/api/uploads/generate-urls', {
      token,
      body: { files: [{ name: 'a.jpg', contentType: 'image/jpeg', size: 10 }] },
    });
    const notUploaded = await harness.api('/api/galleries/process', {
      token,
      body: { imageKeys: [issued.body.uploads[0].key] },
    });
    expect(notUploaded.status).toBe(409);
    expect(notUploaded.body.error).toMatchObject({
      code: 'upload_missing',
      details: { keys: [issued.body.uploads[0].key] },
    });
  });

  it('takes a file’s time as an optional whole number, and says which field is wrong otherwise', async () => {
    const file = { name: 'a.jpg', contentType: 'image/jpeg', size: 10 };
    const ok = await harness.api('/api/uploads/generate-urls', {
      token,
      body: { files: [{ ...file, lastModified: 1_700_000_000_000, utcOffsetMinutes: -300 }] },
    });
    expect(ok.status).toBe(200);
    for (const [field, value, message] of [
      ['lastModified', '2024-01-01', /^files\.0\.lastModified: /],
      ['lastModified', 1.5, /^files\.0\.lastModified: /],
      ['lastModified', 5e15, /^files\.0\.lastModified: must be milliseconds since 1970/],
      ['utcOffsetMinutes', 900, /^files\.0\.utcOffsetMinutes: must be within ±14 hours/],
    ] as const) {
      const response = await harness.api('/api/uploads/generate-urls', {
        token,
        body: { files: [{ ...file, [field]: value }] },
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject(errorBody('invalid_request'));
      expect(response.body.error.message).toMatch(message);
    }
  });

  it('rejects keys that cannot be storage keys (control characters, spaces) as malformed', async () => {
    for (const key of ['\u0000', ' ', 'users/a b/original.jpg', 'k\n']) {
      const response = await harness.api('/api/galleries/process', { token, body: { imageKeys: [key] } });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject(errorBody('invalid_request'));
      expect(response.body.error.message).toMatch(/^imageKeys\.0: must be a storage key/);
    }
  });

  it('rejects an empty list, too many keys and a malformed Idempotency-Key', async () => {
    expect((await harness.api('/api/galleries/process', { token, body: { imageKeys: [] } })).status).toBe(
      400,
    );
    const many = Array.from({ length: 501 }, (_, i) => `k${i}`);
    const tooMany = await harness.api('/api/galleries/process', { token, body: { imageKeys: many } });
    expect(tooMany.status).toBe(400);
    // The limit in words with its own code, never a raw validator message ("Too big: expected array…").
    expect(tooMany.body.error).toMatchObject({
      code: 'too_many_items',
      message: expect.stringMatching(/^imageKeys: at most 500 photos can be organized in one job: /),
      details: { field: 'imageKeys', limit: 500 },
    });
    expect(tooMany.body.error.message).not.toMatch(/too big|expected array/i);
    const badKey = await harness.api('/api/galleries/process', {
      token,
      body: { imageKeys: ['k'] },
      headers: { 'idempotency-key': 'x'.repeat(200) },
    });
    expect(badKey.status).toBe(400);
  });

  it('returns the same job for a retried request with the same Idempotency-Key', async () => {
    const keys = await uploadFiles(harness, token, [
      { name: 'a.jpg', contentType: 'image/jpeg', bytes: await makeJpeg({ width: 64, height: 48 }) },
    ]);
    const send = () =>
      harness.api('/api/galleries/process', {
        token,
        body: { imageKeys: keys },
        headers: { 'idempotency-key': 'retry-1' },
      });
    const [first, second] = await Promise.all([send(), send()]);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body.jobId).toBe(first.body.jobId);
    expect((await waitForJob(harness, token, first.body.jobId)).status).toBe('completed');
  });

  it('organizes a job exactly once when its message is delivered three times', async () => {
    const keys = await uploadFiles(harness, token, [
      {
        name: 'a.jpg',
        contentType: 'image/jpeg',
        bytes: await makeJpeg({ width: 64, height: 48, takenAt: new Date('2026-01-01T10:00:00Z') }),
      },
      {
        name: 'b.jpg',
        contentType: 'image/jpeg',
        bytes: await makeJpeg({ width: 64, height: 48, takenAt: new Date('2026-01-01T11:00:00Z') }),
      },
    ]);
    const started = await harness.api('/api/galleries/process', { token, body: { imageKeys: keys } });
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: harness.app.env.SQS_ENDPOINT,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const body = JSON.stringify({ version: 1, type: 'process-job', jobId: started.body.jobId });
    await Promise.all(
      [1, 2].map(() =>
        sqs.send(new SendMessageCommand({ QueueUrl: harness.app.queueUrl, MessageBody: body })),
      ),
    );
    const job = await waitForJob(harness, token, started.body.jobId);
    expect(job.status).toBe('completed');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const albums = await harness.app.http.db
      .selectFrom('albums')
      .select('id')
      .where('job_id', '=', started.body.jobId)
      .execute();
    expect(albums).toHaveLength(job.albumCount);
    expect(job.albumCount).toBe(1);
    expect((await harness.api(`/api/jobs/${started.body.jobId}/status`, { token })).body.attempts).toBe(1);
  });
});

describe('GET /api/openapi.json', () => {
  it('serves the committed OpenAPI document to anyone, with or without a token, and no user data', async () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    const anyone: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-token' },
      { authorization: `Bearer ${token}` },
    ];
    for (const headers of anyone) {
      const answer = await harness.api('/api/openapi.json', { headers });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(committed);
    }
    const { userId } = await harness.signIn('openapi-reader');
    const text = await (await fetch(`${harness.app.url}/api/openapi.json`)).text();
    expect(text).not.toContain(userId);
    expect(text).not.toContain('users/');
  });
});

describe('routing and identity', () => {
  it('answers 404 for unknown API routes and serves the web app elsewhere', async () => {
    expect(await harness.api('/api/nope', { token })).toMatchObject({
      status: 404,
      body: errorBody('route_not_found'),
    });
    const page = await fetch(`${harness.app.url}/albums/123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${harness.app.url}/..%2f..%2fpackage.json`)).status).not.toBe(500);
  });

  it('rejects a token signed with another key and a tampered one', async () => {
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    forged.sub = 'local:someone-else';
    const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    expect((await harness.api('/api/galleries/me', { token: tampered })).status).toBe(401);
  });

  it('validates the local sign-in', async () => {
    expect((await harness.api('/api/local/sessions', { body: { username: '' } })).status).toBe(400);
    expect((await harness.api('/api/local/sessions', { body: { username: '<script>' } })).status).toBe(400);
    expect((await harness.api('/api/local/sessions', { body: {} })).status).toBe(400);
  });
});
