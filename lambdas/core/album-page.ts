/**
 * An album's generated page, as a DESIGN, never as code: the model (or the offline organizer) picks a
 * layout from a fixed set, a palette, a headline, a short introduction and sections of the album's
 * photos; the project's own template renders it with every string escaped. Nothing the model writes
 * is ever markup or script.
 *
 * This module holds the shape and its limits; validating untrusted specs and making the offline one
 * live beside it (album-page-spec.ts, offline-album-page.ts).
 */
import type { TokenUsage } from './model.ts';

/** The layouts the template knows. A spec naming any other is repaired to the first. */
export const PAGE_LAYOUTS = ['story', 'grid', 'mosaic', 'filmstrip'] as const;
export type PageLayout = (typeof PAGE_LAYOUTS)[number];

/** Limits a spec is held to, whoever wrote it (characters are Unicode code points). */
export const PAGE_LIMITS = {
  headline: 80,
  introduction: 600,
  sections: 12,
  sectionTitle: 80,
  caption: 200,
  /** Photos named as leading the page (shown large first). */
  leadPhotos: 3,
} as const;

/** A colour as `#rrggbb`, nothing else (it reaches CSS only through the template's own rules). */
export type HexColour = `#${string}`;

export interface PagePalette {
  /** Page background. */
  background: HexColour;
  /** Body text: the template keeps it readable on the background (WCAG AA contrast). */
  text: HexColour;
  /** Headings, rules and links. */
  accent: HexColour;
}

export interface PageSection {
  title: string;
  /** A sentence under the section's title; may be empty. */
  caption: string;
  /** Photos of the album, in the section's order; every photo belongs to at most one section. */
  imageIds: string[];
}

export interface AlbumPageSpec {
  layout: PageLayout;
  palette: PagePalette;
  headline: string;
  introduction: string;
  /** Up to PAGE_LIMITS.leadPhotos photos of the album, shown first and large. */
  leadImageIds: string[];
  sections: PageSection[];
}

/** Who designed the stored page. */
export type AlbumPageSource = 'model' | 'offline';

/** A page as stored for an album: the spec, its origin and what the owner changed by hand. */
export interface AlbumPage {
  albumId: string;
  spec: AlbumPageSpec;
  source: AlbumPageSource;
  /** The owner wrote the headline / introduction: regenerating keeps them. */
  headlineEdited: boolean;
  introductionEdited: boolean;
  updatedAt: Date;
}

/** A photo as a page designer sees it: an opaque ref it answers with, never the photo's id. */
export interface PageDesignPhoto {
  /** Short opaque reference the designer must answer with (e.g. "p7"). */
  ref: string;
  /** The small model rendition; absent when it could not be read (the designer works from facts). */
  image?: { bytes: Uint8Array; mimeType: string };
  takenAt: Date | null;
  place: { city: string; country: string } | null;
  /** What the picture looks like (core/look.ts), when ingest kept it: the offline designer's palette. */
  look?: readonly number[] | null;
  /** Pixels, when known: the offline designer picks a layout by shape. */
  width?: number | null;
  height?: number | null;
}

export interface PageDesignRequest {
  title: string;
  description: string;
  /** In the album's display order; the cover first. */
  photos: PageDesignPhoto[];
}

export interface PageDesignAnswer {
  designer: 'gemini' | 'offline';
  /** Untrusted: validated and repaired (album-page-spec.ts) before anything stores or renders it. */
  raw: unknown;
  model?: string;
  usage?: TokenUsage;
}

/**
 * Designs one album's page in ONE call. Throws PlannerUnavailableError (core/errors.ts) when it fails
 * for good after its own bounded retries; the caller then falls back to the offline design.
 */
export interface AlbumPageDesigner {
  design(request: PageDesignRequest): Promise<PageDesignAnswer>;
}
