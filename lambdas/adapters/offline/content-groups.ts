/**
 * What the offline organizer reads from content: the people a photo shows (when its owner turned
 * people recognition on) and its look (colour layout, palette, texture; core/look.ts). Two photos are
 * "alike" when they show a person in common, or look nearly the same.
 */
import { lookDistance } from '../../core/look.ts';

/** Closer than this, two pictures look alike: measured on real photos (BENCHMARKS.md, "Album quality"). */
export const LOOK_ALIKE = 0.2;

export interface ContentOf {
  people: readonly string[];
  look: readonly number[] | null;
}

export function sharePerson(a: ContentOf, b: ContentOf): boolean {
  return a.people.some((person) => b.people.includes(person));
}

export function lookAlike(a: ContentOf, b: ContentOf): boolean {
  return (
    a.look !== null && b.look !== null && a.look.length > 0 && lookDistance(a.look, b.look) <= LOOK_ALIKE
  );
}

export function alike(a: ContentOf, b: ContentOf): boolean {
  return sharePerson(a, b) || lookAlike(a, b);
}

/**
 * The groups of items linked by `linked`, directly or through others (connected components), each in
 * the items' order, groups in order of their first item. Quadratic: at most 500 photos a job.
 */
export function linkedGroups<T>(items: readonly T[], linked: (a: T, b: T) => boolean): T[][] {
  const parent = items.map((_, index) => index);
  const root = (index: number): number => {
    let current = index;
    while (parent[current] !== current) current = parent[current] as number;
    return current;
  };
  for (let a = 0; a < items.length; a += 1)
    for (let b = a + 1; b < items.length; b += 1)
      if (root(a) !== root(b) && linked(items[a] as T, items[b] as T)) parent[root(b)] = root(a);
  const groups = new Map<number, T[]>();
  items.forEach((item, index) => {
    const key = root(index);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  });
  return [...groups.values()];
}

// Moved to the core, where the offline describer reads it too; kept here for the organizer's imports.
export { looksLikeDocument } from '../../core/look.ts';
