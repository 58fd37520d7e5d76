/**
 * The JSON shape Gemini must answer with. Controlled generation makes the model follow it, but the
 * answer stays untrusted: core/album-plan.ts validates and repairs it whatever comes back.
 */
import { type Schema, Type } from '@google/genai';
import { CAPTION_MAX, TAGS_MAX } from '../../core/photo-details.ts';

/**
 * `{ albums: [{ title, description, existingAlbumId?, photoIds }], photos: [{ id, caption, tags }] }`:
 * an album joins an existing one by its id ("a3"), or is new when it names none. The ids offered are
 * the only values the model may give (an enum), and with none offered the field is not there at all,
 * so it cannot invent one. `photos` says what each photo is about (core/photo-descriptions.ts repairs it);
 * without `describePhotos` it is not asked for (the shorter answer: the offline descriptions stand in).
 *
 * Only keywords of the API's Schema object (an OpenAPI 3.0 subset) are used. `maxItems` is enforced by
 * controlled generation; `maxLength` is accepted but not enforced (Google's SDK documents both), so the
 * caption's bound is also said in words and enforced by the repair. No bound on the `photos` array
 * itself: Google refuses schemas with large `maxItems` on nested arrays as too complex to enforce, and
 * the repair reads at most two entries per photo anyway.
 */
export function albumResponseSchema(
  existingRefs: readonly string[],
  { describePhotos }: { describePhotos: boolean },
): Schema {
  const joins = existingRefs.length > 0;
  return {
    type: Type.OBJECT,
    properties: {
      albums: {
        type: Type.ARRAY,
        description: 'The albums, most meaningful first. Every photo id appears in exactly one album.',
        items: {
          type: Type.OBJECT,
          properties: {
            title: {
              type: Type.STRING,
              description: 'A short, evocative album title (at most 60 characters).',
            },
            description: {
              type: Type.STRING,
              description: 'One or two sentences on what ties these photos together.',
            },
            ...(joins && {
              existingAlbumId: {
                type: Type.STRING,
                format: 'enum',
                enum: [...existingRefs],
                description:
                  'Only when these photos join one of the existing albums shown: its id, exactly as given (e.g. "a3"). Leave out for a new album.',
              },
            }),
            photoIds: {
              type: Type.ARRAY,
              description: 'Ids of the photos in this album, exactly as given (e.g. "p7"), in display order.',
              items: { type: Type.STRING },
            },
          },
          required: ['title', 'description', 'photoIds'],
          // The model writes fields in this order: naming the theme first gives a better grouping.
          propertyOrdering: joins
            ? ['title', 'description', 'existingAlbumId', 'photoIds']
            : ['title', 'description', 'photoIds'],
        },
      },
      ...(describePhotos && { photos: photosSchema() }),
    },
    required: describePhotos ? ['albums', 'photos'] : ['albums'],
    // Albums first, as before descriptions existed: the grouping is the answer's main work.
    propertyOrdering: describePhotos ? ['albums', 'photos'] : ['albums'],
  };
}

/** `photos`: what each photo is about, one entry per photo id. */
function photosSchema(): Schema {
  return {
    type: Type.ARRAY,
    description: 'What each photo is about: one entry for every photo id given, in the order given.',
    items: {
      type: Type.OBJECT,
      properties: {
        id: { type: Type.STRING, description: 'The photo id, exactly as given (e.g. "p7").' },
        caption: {
          type: Type.STRING,
          // The SDK types int64 bounds as strings (the proto JSON mapping); the API takes both.
          maxLength: String(CAPTION_MAX),
          description: `One plain sentence on what is in the picture, at most ${CAPTION_MAX} characters.`,
        },
        tags: {
          type: Type.ARRAY,
          maxItems: String(TAGS_MAX),
          description: `Up to ${TAGS_MAX} lowercase words someone would search this photo by.`,
          items: { type: Type.STRING },
        },
      },
      required: ['id', 'caption', 'tags'],
      propertyOrdering: ['id', 'caption', 'tags'],
    },
  };
}
