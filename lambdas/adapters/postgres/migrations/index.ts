/**
 * The list of migrations, in order. A static list (not a folder scan) so that bundlers include them
 * and Lambda runs exactly what was deployed.
 */
import type { Migration } from 'kysely/migration';
import * as initialSchema from './2026-11-24-001-initial-schema.ts';
import * as thumbnails from './2026-11-24-002-thumbnails.ts';
import * as jobClaimant from './2026-12-01-003-job-claimant.ts';
import * as ingest from './2026-12-01-004-ingest.ts';
import * as photoDates from './2026-12-02-005-photo-dates.ts';
import * as people from './2026-12-02-006-people.ts';
import * as photoHome from './2026-12-02-007-photo-home.ts';
import * as libraryTimeline from './2026-12-02-008-library-timeline.ts';
import * as shareLinks from './2026-12-02-009-share-links.ts';
import * as albumMembers from './2026-12-02-010-album-members.ts';
import * as albumPages from './2026-12-02-011-album-pages.ts';
import * as invitationEmails from './2026-12-02-012-invitation-emails.ts';
import * as sharingIndexes from './2026-12-02-013-sharing-indexes.ts';
import * as photoDetails from './2026-12-02-014-photo-details.ts';
import * as photoSearch from './2026-12-02-015-photo-search.ts';
import * as photoDetailsRead from './2026-12-02-016-photo-details-read.ts';

export const migrations: Record<string, Migration> = {
  '2026-11-24-001-initial-schema': initialSchema,
  '2026-11-24-002-thumbnails': thumbnails,
  '2026-12-01-003-job-claimant': jobClaimant,
  '2026-12-01-004-ingest': ingest,
  '2026-12-02-005-photo-dates': photoDates,
  '2026-12-02-006-people': people,
  '2026-12-02-007-photo-home': photoHome,
  '2026-12-02-008-library-timeline': libraryTimeline,
  '2026-12-02-009-share-links': shareLinks,
  '2026-12-02-010-album-members': albumMembers,
  '2026-12-02-011-album-pages': albumPages,
  '2026-12-02-012-invitation-emails': invitationEmails,
  '2026-12-02-013-sharing-indexes': sharingIndexes,
  '2026-12-02-014-photo-details': photoDetails,
  '2026-12-02-015-photo-search': photoSearch,
  '2026-12-02-016-photo-details-read': photoDetailsRead,
};
