/** The queue contract: each message type parses to exactly its fields; anything else is a poison message. */
import {
  generateAlbumPageMessage,
  InvalidJobMessageError,
  parseJobMessage,
  processJobMessage,
} from '../../lambdas/core/job-message.ts';

const id = '0b7c5a4e-2f0d-4c8e-9a7b-3c2d1e0f9a8b';
const other = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';

describe('parseJobMessage', () => {
  it('reads both message types back as sent, ids lower-cased and extra fields dropped', () => {
    expect(parseJobMessage(JSON.stringify(processJobMessage(id)))).toEqual(processJobMessage(id));
    expect(parseJobMessage(JSON.stringify(generateAlbumPageMessage(id, other)))).toEqual({
      version: 1,
      type: 'generate-album-page',
      albumId: id,
      requestId: other,
    });
    expect(
      parseJobMessage(
        JSON.stringify({ ...generateAlbumPageMessage(id.toUpperCase(), other), extra: '<script>' }),
      ),
    ).toEqual(generateAlbumPageMessage(id, other));
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '"x"'],
    ['null', 'null'],
    ['another version', JSON.stringify({ ...generateAlbumPageMessage(id, other), version: 2 })],
    ['an unknown type', JSON.stringify({ version: 1, type: 'drop-tables', albumId: id, requestId: other })],
    [
      'a page message without a request id',
      JSON.stringify({ version: 1, type: 'generate-album-page', albumId: id }),
    ],
    ['a page message with a bad album id', JSON.stringify(generateAlbumPageMessage('../x', other))],
    [
      'a process message carrying page fields only',
      JSON.stringify({ version: 1, type: 'process-job', albumId: id }),
    ],
  ])('refuses %s', (_, body) => {
    expect(() => parseJobMessage(body)).toThrow(InvalidJobMessageError);
  });
});
