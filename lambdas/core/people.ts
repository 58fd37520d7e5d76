/**
 * People: the faces a user's photos show, grouped per user into the people they belong to, one photo
 * at a time as photos land (no batch re-clustering, so a person's id is stable).
 *
 * A face descriptor is 128 numbers (dlib's ResNet, through face-api); faces of one person lie close
 * together. Measured on real group photos (test/integration/people.test.ts, docs/content.md): the same
 * face at two sizes is 0.07–0.17 apart, two different people 0.51 and more. dlib's own guideline for
 * "same person" is 0.6; clustering uses a stricter 0.45, because two people taken for one mixes their
 * photos, while one person taken for two only splits them.
 */

/** Two descriptors closer than this are the same person. */
export const SAME_PERSON_DISTANCE = 0.45;

export interface KnownPerson {
  id: string;
  /** The mean of the person's face descriptors. */
  centroid: readonly number[];
  /** 0 for a person whose faces were just taken away: kept while a photo is read again, so that the same face finds the same id. */
  faceCount: number;
}

/** Where a photo's faces go, and what that changes. */
export interface FaceAssignment {
  /** The person of each face, in the faces' order. */
  personIds: string[];
  /** People this photo creates. */
  created: KnownPerson[];
  /** Known people with one more face (their mean moved). */
  updated: KnownPerson[];
}

export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}

/** The mean of descriptors (a person's centroid); empty for none. */
export function meanDescriptor(descriptors: readonly (readonly number[])[]): number[] {
  const first = descriptors[0];
  if (!first) return [];
  return first.map(
    (_, index) => descriptors.reduce((sum, next) => sum + (next[index] ?? 0), 0) / descriptors.length,
  );
}

/**
 * Assigns each face of one photo to the nearest known person within SAME_PERSON_DISTANCE, or to a new
 * person (`newId` names it). Two faces of one photo are never the same person (nobody appears twice in
 * a picture), so a person already taken by a closer face of the photo is not offered to another.
 * Deterministic: faces are matched closest pair first, ties broken by order.
 */
export function assignFaces(
  descriptors: readonly (readonly number[])[],
  known: readonly KnownPerson[],
  newId: () => string,
): FaceAssignment {
  const candidates: { face: number; person: number; distance: number }[] = [];
  descriptors.forEach((descriptor, face) => {
    known.forEach((person, index) => {
      const distance = descriptorDistance(descriptor, person.centroid);
      if (distance < SAME_PERSON_DISTANCE) candidates.push({ face, person: index, distance });
    });
  });
  candidates.sort((a, b) => a.distance - b.distance || a.face - b.face || a.person - b.person);

  const matched = new Map<number, number>();
  const taken = new Set<number>();
  for (const candidate of candidates) {
    if (matched.has(candidate.face) || taken.has(candidate.person)) continue;
    matched.set(candidate.face, candidate.person);
    taken.add(candidate.person);
  }

  const assignment: FaceAssignment = { personIds: [], created: [], updated: [] };
  descriptors.forEach((descriptor, face) => {
    const index = matched.get(face);
    const person = index === undefined ? undefined : known[index];
    if (!person) {
      const created = { id: newId(), centroid: [...descriptor], faceCount: 1 };
      assignment.created.push(created);
      assignment.personIds.push(created.id);
      return;
    }
    assignment.personIds.push(person.id);
    assignment.updated.push({
      id: person.id,
      centroid: runningMean(person.centroid, person.faceCount, descriptor),
      faceCount: person.faceCount + 1,
    });
  });
  return assignment;
}

function runningMean(mean: readonly number[], count: number, next: readonly number[]): number[] {
  return mean.map((value, index) => value + ((next[index] ?? value) - value) / (count + 1));
}

/** The people after an assignment: the updated ones changed, the created ones added (for in-memory use). */
export function applyAssignment(known: readonly KnownPerson[], assignment: FaceAssignment): KnownPerson[] {
  const updated = new Map(assignment.updated.map((person) => [person.id, person]));
  return [...known.map((person) => updated.get(person.id) ?? person), ...assignment.created];
}

/** A person's name, as the user gives it on the People screen. */
export const PERSON_NAME_MAX = 60;

/**
 * Bidirectional marks, embeddings, overrides and isolates: they make a name read as something else
 * wherever it is shown next to other text.
 */
const BIDI_CONTROL = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * A name as it is stored: control characters become spaces, bidirectional controls go, runs of
 * spaces become one, and the ends are trimmed. null when nothing is left, or when more than
 * PERSON_NAME_MAX characters (code points) are (the caller says which).
 */
export function cleanPersonName(raw: string): { name: string } | { problem: 'empty' | 'too_long' } {
  const name = raw
    .toWellFormed()
    .replace(/\p{Cc}/gu, ' ')
    .replace(BIDI_CONTROL, '')
    .replace(/\s+/gu, ' ')
    .trim();
  if (name.length === 0) return { problem: 'empty' };
  if (Array.from(name).length > PERSON_NAME_MAX) return { problem: 'too_long' };
  return { name };
}
