/**
 * Finding photos (issue 18): a full-text document per photo (caption, tags, town, country, camera make
 * and model, file name) and per album (title, description), kept by PostgreSQL itself as generated
 * columns, with GIN indexes; b-tree indexes for the filters (date, place, camera).
 *
 * Language-neutral on purpose: the 'simple' configuration (lower-case, no stemming, no stop words),
 * since captions, titles and places come in any language. Accent- and case-insensitive through
 * `unaccent`, which is not IMMUTABLE (its dictionary could be swapped under it), so it cannot feed a
 * generated column: `search_text` wraps it with the dictionary named explicitly and schema-qualified
 * (the known pattern; PostgreSQL 17 runs index and generated-column expressions during maintenance
 * with search_path = pg_catalog, so an unqualified call would fail there). It also turns ASCII
 * punctuation into spaces, so a file name `IMG_2041.jpg` is the words img, 2041, jpg and a date
 * `2026-05-01` is not read as the numbers -05 and -01.
 *
 * AWS: the app's database user (DATABASE_USER, the RDS master user) is a member of rds_superuser, which
 * may create any extension RDS supports; `unaccent` is on RDS PostgreSQL 17's list and is a trusted
 * extension (PostgreSQL 13+), so even a database owner without rds_superuser could create it.
 *
 * Adding the stored columns rewrites `images` and `albums` once, under a lock, during the deploy's
 * migration step: seconds for a library of a few hundred thousand photos.
 * Frozen once released: later changes get a new dated migration.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists unaccent with schema public`.execute(db);
  // Lower-case, unaccented, ASCII punctuation as spaces. IMMUTABLE is a promise we keep: the
  // dictionary is fixed by name and the rules file only changes with a PostgreSQL upgrade (when a
  // REINDEX and an update of the generated columns would be due anyway).
  await sql`create function public.search_text(value text) returns text
    language sql immutable parallel safe strict
    return pg_catalog.regexp_replace(
      pg_catalog.lower(public.unaccent('public.unaccent'::regdictionary, value)),
      '[!-/:-@\\[-\`{-~]+', ' ', 'g')`.execute(db);
  await sql`create function public.photo_search_document(
      caption text, tags text[], town text, country text, camera_make text, camera_model text, file_name text)
    returns tsvector language sql immutable parallel safe
    return pg_catalog.to_tsvector('pg_catalog.simple'::regconfig, coalesce(public.search_text(
      coalesce(caption, '') || ' ' || coalesce(pg_catalog.array_to_string(tags, ' '), '') || ' ' ||
      coalesce(town, '') || ' ' || coalesce(country, '') || ' ' || coalesce(camera_make, '') || ' ' ||
      coalesce(camera_model, '') || ' ' || coalesce(file_name, '')), ''))`.execute(db);
  await sql`create function public.album_search_document(title text, description text)
    returns tsvector language sql immutable parallel safe
    return pg_catalog.to_tsvector('pg_catalog.simple'::regconfig,
      coalesce(public.search_text(coalesce(title, '') || ' ' || coalesce(description, '')), ''))`.execute(db);
  // One word a person typed as a query: each of its lexemes, as a prefix ("lisb" finds Lisbon). The
  // word goes through search_text like the documents, which leaves no quote, backslash or operator
  // (all ASCII punctuation is gone), so the text given to to_tsquery is never syntax from the user.
  // null when the word holds no lexeme: it then matches nothing.
  await sql`create function public.search_word_query(word text) returns tsquery
    language sql immutable parallel safe strict
    return (select pg_catalog.to_tsquery('pg_catalog.simple'::regconfig,
        pg_catalog.string_agg('''' || lexeme || ''':*', ' & '))
      from pg_catalog.unnest(pg_catalog.tsvector_to_array(
        pg_catalog.to_tsvector('pg_catalog.simple'::regconfig, public.search_text(word)))) as lexeme)`.execute(
    db,
  );

  await sql`alter table images add column search_document tsvector generated always as (
    public.photo_search_document(caption, tags, place_city, place_country, camera_make, camera_model,
      original_filename)) stored`.execute(db);
  await sql`alter table albums add column search_document tsvector generated always as (
    public.album_search_document(title, theme_description)) stored`.execute(db);

  // Only what a search can find: ready photos out of the Trash, albums not deleted.
  await sql`create index images_search_idx on images using gin (search_document)
    where status = 'ready' and trashed_at is null`.execute(db);
  await sql`create index albums_search_idx on albums using gin (search_document)
    where deleted_at is null`.execute(db);
  await sql`create index images_owner_taken_idx on images (owner_id, taken_at)
    where status = 'ready' and trashed_at is null and taken_at is not null`.execute(db);
  await sql`create index images_owner_place_idx on images (owner_id, place_country, place_city)
    where status = 'ready' and trashed_at is null and place_city is not null`.execute(db);
  await sql`create index images_owner_camera_idx on images (owner_id, camera_make, camera_model)
    where status = 'ready' and trashed_at is null and camera_make is not null`.execute(db);
  // A person's photos without reading the faces' rows (faces_person_idx has the person alone).
  await sql`create index faces_person_image_idx on faces (person_id, image_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of [
    'faces_person_image_idx',
    'images_owner_camera_idx',
    'images_owner_place_idx',
    'images_owner_taken_idx',
    'albums_search_idx',
    'images_search_idx',
  ]) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
  await sql`alter table albums drop column search_document`.execute(db);
  await sql`alter table images drop column search_document`.execute(db);
  await sql`drop function public.search_word_query(text)`.execute(db);
  await sql`drop function public.album_search_document(text, text)`.execute(db);
  await sql`drop function public.photo_search_document(text, text[], text, text, text, text, text)`.execute(
    db,
  );
  await sql`drop function public.search_text(text)`.execute(db);
  // The extension stays: another schema object may have come to use it, and keeping it is harmless.
}
