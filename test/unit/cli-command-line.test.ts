/**
 * The command-line client's reading of its command line, and of the API's limits from the API's own
 * description: the committed docs/openapi.json must give the CLI exactly the limits the core enforces.
 */
import { readFileSync } from 'node:fs';
import { parseCommandLine } from '../../cli/args.js';
import { normalizeApi, resolveTarget, tokenSubject } from '../../cli/config.js';
import { UsageError } from '../../cli/errors.js';
import { FALLBACK_LIMITS, limitsFromDocument } from '../../cli/limits.js';
import {
  MAX_FILE_BYTES,
  MAX_FILES_PER_REQUEST,
  MAX_IMAGES_PER_JOB,
} from '../../lambdas/core/upload-policy.ts';

const document = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));

describe('the API limits the CLI reads from docs/openapi.json', () => {
  it('are the ones the core enforces', () => {
    expect(limitsFromDocument(document)).toEqual({
      filesPerRequest: MAX_FILES_PER_REQUEST,
      maxFileBytes: MAX_FILE_BYTES,
      imagesPerJob: MAX_IMAGES_PER_JOB,
    });
  });

  it('follow the document when a limit changes, through a $ref too', () => {
    const raised = structuredClone(document);
    const body = raised.paths['/api/galleries/process'].post.requestBody.content['application/json'];
    raised.components.schemas.ProcessBody = {
      ...body.schema,
      properties: { imageKeys: { ...body.schema.properties.imageKeys, maxItems: 2000 } },
    };
    body.schema = { $ref: '#/components/schemas/ProcessBody' };
    expect(limitsFromDocument(raised).imagesPerJob).toBe(2000);
  });

  it('fall back to the documented values for an API that does not describe them', () => {
    expect(limitsFromDocument({})).toEqual(FALLBACK_LIMITS);
  });
});

describe('the command line', () => {
  it('finds the command among options that take values', () => {
    expect(parseCommandLine(['--api', 'http://x', 'upload', 'photos', '--wait'])).toMatchObject({
      command: 'upload',
      positionals: { folder: 'photos' },
      options: { api: 'http://x', wait: true },
    });
  });

  it.each([
    [[], 'no command given'],
    [['fly'], 'unknown command "fly"'],
    [['upload'], 'missing <folder>'],
    [['upload', 'a', 'b'], 'unexpected argument "b"'],
    [['albums', '--wait'], 'unknown option --wait'],
    [['login', '--username'], "Option '-u, --username <value>' argument missing"],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(new UsageError(message));
  });

  it('takes the site URL or the ApiUrl output as --api, and keeps a saved token to its own API', () => {
    expect(normalizeApi('https://d1.cloudfront.net/api/')).toBe('https://d1.cloudfront.net');
    expect(normalizeApi('http://localhost:3000/')).toBe('http://localhost:3000');
    expect(normalizeApi('ftp://x')).toBeNull();
    // A token never crosses the network in the clear: plain http only to this machine.
    expect(normalizeApi('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(normalizeApi('http://photos.example.com')).toBeNull();
    const config = {
      defaultApi: 'https://a.test',
      sessions: { 'https://a.test': { token: 'ta', savedAt: '' } },
    };
    expect(resolveTarget({}, {}, config)).toMatchObject({ api: 'https://a.test', token: 'ta' });
    expect(resolveTarget({ api: 'https://b.test' }, {}, config)).toMatchObject({
      api: 'https://b.test',
      token: null,
    });
    expect(resolveTarget({}, { MOMENTARIUM_TOKEN: 'te' }, config).token).toBe('te');
    expect(resolveTarget({ token: 'tf' }, { MOMENTARIUM_TOKEN: 'te' }, config).token).toBe('tf');
  });

  it("reads a token's subject without trusting it, for keying upload states only", () => {
    const token = `x.${Buffer.from(JSON.stringify({ sub: 'local:ana' })).toString('base64url')}.y`;
    expect(tokenSubject(token)).toBe('local:ana');
    expect(tokenSubject('garbage')).toBe('unknown');
  });
});
