/**
 * People: the faces a user's photos show, grouped per user into the people they belong to, one photo
 * at a time as photos land (no batch re-clustering, so a person's id is stable).
 *
 * A face descriptor is 128 numbers (dlib's ResNet, through face-api); faces of one person lie close
 * together. Measured on real group photos (test/people.test.ts, BENCHMARKS.md "Content analysis"): the
 * same face at two sizes is 0.07–0.17 apart, two different people 0.51 and more. dlib's own
 * guideline for "same person" is 0.6; clustering uses a stricter 0.45 because a wrong merge (two
 * people as one) is worse for a user than a split they can merge later.
 */

/** Two descriptors closer than this are the same person. */
export const SAME_PERSON_DISTANCE = 0.45;

export interface KnownPerson {
  id: string;
  /** The mean of the person's face descriptors so far. */
  centroid: readonly number[];
  faceCount: number;
}

/** Where each face of a photo goes: an existing person (by id) or a new one (by its index in `created`). */
export interface FaceAssignment {
  people: (string | { created: number })[];
  /** People created by this photo, each with its first centroid. */
  created: { centroid: number[]; faceCount: number }[];
  /** Existing people whose centroid moved. */
  updated: { id: string; centroid: number[]; faceCount: number }[];
}

export function descriptorDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}

/**
 * Assigns each face of one photo to the nearest known person within SAME_PERSON_DISTANCE, or to a new
 * person. Two faces of one photo are never the same person (nobody appears twice in a picture), so a
 * person already taken by a closer face of the photo is not offered to another. Deterministic: faces
 * are matched closest pair first, ties broken by order.
 */
export function assignFaces(
  descriptors: readonly (readonly number[])[],
  known: readonly KnownPerson[],
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

  const assignment: FaceAssignment = { people: [], created: [], updated: [] };
  descriptors.forEach((descriptor, face) => {
    const index = matched.get(face);
    const person = index === undefined ? undefined : known[index];
    if (!person) {
      assignment.people.push({ created: assignment.created.length });
      assignment.created.push({ centroid: [...descriptor], faceCount: 1 });
      return;
    }
    assignment.people.push(person.id);
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

/**
 * The person without one of their faces (a photo read again). A person left with no face keeps their
 * centroid, so that the same face read again finds them (ids stay stable); the caller deletes people
 * who still have none once the photo's faces are assigned.
 */
export function withoutFace(person: KnownPerson, descriptor: readonly number[]): KnownPerson {
  if (person.faceCount <= 1) return { ...person, faceCount: 0 };
  const remaining = person.faceCount - 1;
  return {
    id: person.id,
    centroid: person.centroid.map(
      (value, index) => (value * person.faceCount - (descriptor[index] ?? value)) / remaining,
    ),
    faceCount: remaining,
  };
}
