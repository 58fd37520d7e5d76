/**
 * The JSON shape Gemini must answer a page design with: AlbumPageSpec's own field names, with photo
 * REFS ("p7") where the spec holds image ids (the caller maps them back). Controlled generation makes the
 * model follow it, but the answer stays untrusted: core/album-page-spec.ts validates and repairs it.
 */
import { type Schema, Type } from '@google/genai';
import { PAGE_LAYOUTS, PAGE_LIMITS } from '../../core/album-page.ts';

/** `#rrggbb`: the only colour form the template takes. */
export const HEX_COLOUR_PATTERN = '^#[0-9a-fA-F]{6}$';

function colour(description: string): Schema {
  return { type: Type.STRING, pattern: HEX_COLOUR_PATTERN, description: `${description}, as #rrggbb.` };
}

function text(maxLength: number, description: string): Schema {
  // int64 fields travel as strings in the API's JSON (the SDK's Schema types them so).
  return { type: Type.STRING, maxLength: String(maxLength), description };
}

/**
 * The schema for a call that shows the photos `refs`: every photo field is an enum of exactly those, so
 * the model cannot name a photo it was not shown (the validator still drops any that come back).
 */
export function pageResponseSchema(refs: readonly string[]): Schema {
  const photoRef: Schema = { type: Type.STRING, format: 'enum', enum: [...refs] };
  return {
    type: Type.OBJECT,
    properties: {
      layout: {
        type: Type.STRING,
        format: 'enum',
        enum: [...PAGE_LAYOUTS],
        description: 'How the page is laid out.',
      },
      palette: {
        type: Type.OBJECT,
        properties: {
          background: colour('Page background'),
          text: colour('Body text, easy to read on the background'),
          accent: colour('Headings and rules'),
        },
        required: ['background', 'text', 'accent'],
        propertyOrdering: ['background', 'text', 'accent'],
      },
      headline: text(PAGE_LIMITS.headline, 'The page headline, plain text.'),
      introduction: text(
        PAGE_LIMITS.introduction,
        'Two to four sentences introducing the album, plain text.',
      ),
      leadImageIds: {
        type: Type.ARRAY,
        minItems: '1',
        maxItems: String(PAGE_LIMITS.leadPhotos),
        description: 'Ids of the photos that open the page, exactly as given (e.g. "p7").',
        items: photoRef,
      },
      sections: {
        type: Type.ARRAY,
        minItems: '1',
        maxItems: String(PAGE_LIMITS.sections),
        description:
          'The sections in page order. Every photo shown but the lead ones appears in exactly one section.',
        items: {
          type: Type.OBJECT,
          properties: {
            title: text(PAGE_LIMITS.sectionTitle, 'The section title, plain text.'),
            caption: text(PAGE_LIMITS.caption, 'One sentence under the title, plain text.'),
            imageIds: {
              type: Type.ARRAY,
              description: 'Ids of the photos in this section, exactly as given, in display order.',
              items: photoRef,
            },
          },
          required: ['title', 'caption', 'imageIds'],
          propertyOrdering: ['title', 'caption', 'imageIds'],
        },
      },
    },
    required: ['layout', 'palette', 'headline', 'introduction', 'leadImageIds', 'sections'],
    // Mood and words before photo lists: the sections' photos follow from the story the text tells.
    propertyOrdering: ['layout', 'palette', 'headline', 'introduction', 'leadImageIds', 'sections'],
  };
}
