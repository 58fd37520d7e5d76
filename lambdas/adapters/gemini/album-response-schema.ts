/**
 * The JSON shape Gemini must answer with. Controlled generation makes the model follow it, but the
 * answer stays untrusted: core/album-plan.ts validates and repairs it whatever comes back.
 */
import { type Schema, Type } from '@google/genai';

/**
 * `{ albums: [{ title, description, existingAlbumId?, photoIds }] }`: an album joins an existing one by
 * its id ("a3"), or is new when it names none. The ids offered are the only values the model may give
 * (an enum), and with none offered the field is not there at all, so it cannot invent one.
 */
export function albumResponseSchema(existingRefs: readonly string[]): Schema {
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
    },
    required: ['albums'],
  };
}
