/**
 * bench/notes.md: the prose of BENCHMARKS.md, as notes that each start at a line `<!-- note: key -->`,
 * with `{{name}}` placeholders for figures. A placeholder without a figure is an error, not a blank.
 */
import { readFileSync } from 'node:fs';

export type Values = Record<string, string | number>;

export interface Notes {
  has(key: string): boolean;
  /** The note's first line (a section's heading). */
  title(key: string): string;
  render(key: string, values: Values): string;
}

const NOTES_FILE = new URL('../notes.md', import.meta.url);

export function loadNotes(text = readFileSync(NOTES_FILE, 'utf8')): Notes {
  const notes = new Map<string, string>();
  const parts = text.split(/^<!-- note: (\S+) -->$/m);
  for (let index = 1; index < parts.length; index += 2)
    notes.set(parts[index] as string, (parts[index + 1] as string).trim());
  const note = (key: string) => {
    const found = notes.get(key);
    if (found === undefined) throw new Error(`bench/notes.md has no note "${key}"`);
    return found;
  };
  return {
    has: (key) => notes.has(key),
    title: (key) => note(key).split('\n')[0] as string,
    render: (key, values) =>
      note(key)
        .replace(/\{\{([^{}\s]+)\}\}/g, (_, name: string) => {
          const value = values[name];
          if (value === undefined) throw new Error(`bench/notes.md, note "${key}": no figure {{${name}}}`);
          return String(value);
        })
        .trimEnd(),
  };
}
