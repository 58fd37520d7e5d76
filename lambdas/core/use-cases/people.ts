/**
 * The People screen (issue 18): the people found in a user's photos, which the user names, hides and
 * merges. People exist only while the user has people recognition on (turning it off deletes them),
 * so with it off there is nothing to list, name or merge.
 */
import { NotFoundError, ValidationError } from '../errors.ts';
import { cleanPersonName, PERSON_NAME_MAX } from '../people.ts';
import type {
  PeopleRepository,
  PersonChanges,
  PersonRecord,
  PhotoUrlSigner,
  SettingsRepository,
} from '../ports.ts';
import { DOWNLOAD_URL_TTL_SECONDS } from '../upload-policy.ts';

export interface PeopleDeps {
  people: PeopleRepository;
  urls: PhotoUrlSigner;
}

/** A person with their cover face's thumbnail signed. */
export interface ListedPerson extends Omit<PersonRecord, 'cover'> {
  cover: { imageId: string; thumbnailUrl: string; box: NonNullable<PersonRecord['cover']>['box'] } | null;
}

/** The caller's people, hidden ones too (`hidden: true`); `enabled: false` and none when recognition is off. */
export async function listPeople(
  deps: PeopleDeps & { settings: SettingsRepository },
  ownerId: string,
): Promise<{ enabled: boolean; people: ListedPerson[] }> {
  const { peopleRecognition } = await deps.settings.get(ownerId);
  if (!peopleRecognition) return { enabled: false, people: [] };
  const people = await deps.people.listPeople(ownerId);
  return { enabled: true, people: await Promise.all(people.map((person) => signPerson(deps.urls, person))) };
}

/**
 * Names (the name cleaned: cleanPersonName; null clears it) and/or hides or shows one of the caller's
 * people. Another user's person and a made-up id are the same 404.
 */
export async function updatePerson(
  deps: PeopleDeps,
  ownerId: string,
  personId: string,
  changes: { name?: string | null; hidden?: boolean },
): Promise<ListedPerson> {
  const cleaned: PersonChanges = {};
  if (changes.hidden !== undefined) cleaned.hidden = changes.hidden;
  if (changes.name === null) cleaned.name = null;
  else if (changes.name !== undefined) {
    const name = cleanPersonName(changes.name);
    if ('problem' in name) {
      throw new ValidationError(
        name.problem === 'empty'
          ? 'name must not be empty (send null to clear it)'
          : `name must be at most ${PERSON_NAME_MAX} characters`,
        { field: 'name' },
      );
    }
    cleaned.name = name.name;
  }
  if (Object.keys(cleaned).length === 0) {
    throw new ValidationError('give at least one of name, hidden', { field: 'name' });
  }
  const person = await deps.people.updatePerson(ownerId, personId, cleaned);
  if (!person) throw new NotFoundError('Person');
  return signPerson(deps.urls, person);
}

/**
 * Folds `personId` into `intoId` (the repository's mergePeople) and answers the person kept. Merging
 * a person into themselves is a 400; either one not the caller's is a 404.
 */
export async function mergePeople(
  deps: PeopleDeps,
  ownerId: string,
  personId: string,
  intoId: string,
): Promise<ListedPerson> {
  if (personId === intoId) {
    throw new ValidationError('into must be another person than the one merged', { field: 'into' });
  }
  const person = await deps.people.mergePeople(ownerId, personId, intoId);
  if (!person) throw new NotFoundError('Person');
  return signPerson(deps.urls, person);
}

async function signPerson(urls: PhotoUrlSigner, { cover, ...person }: PersonRecord): Promise<ListedPerson> {
  if (!cover) return { ...person, cover: null };
  // The thumbnail, or what the grid shows in its place (signPhoto's order) for photos without one.
  const key = cover.thumbnailKey ?? cover.previewKey ?? cover.storageKey;
  return {
    ...person,
    cover: {
      imageId: cover.imageId,
      thumbnailUrl: await urls.presignDownload(key, DOWNLOAD_URL_TTL_SECONDS),
      box: cover.box,
    },
  };
}
