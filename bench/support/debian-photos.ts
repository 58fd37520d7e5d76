/**
 * Photos no one on the project made, from Debian packages of desktop backgrounds: fetched with
 * `apt-get download` at bench time into a cache outside the repository, unpacked once, never committed.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = join(tmpdir(), 'momentarium-bench-photos');

export interface DebianPackage {
  /** Where the package was unpacked: its files keep their paths under it (usr/share/...). */
  root: string;
  version: string;
}

/** Downloads and unpacks `name` once; `probe` is a path inside it that says it is unpacked already. */
export async function debianPackage(
  name: string,
  probe: string,
  log: (message: string) => void,
): Promise<DebianPackage> {
  const folder = join(CACHE, name);
  await mkdir(folder, { recursive: true });
  const unpacked = () => existsSync(join(folder, probe));
  const deb = async () =>
    (await readdir(folder)).find((file) => file.startsWith(`${name}_`) && file.endsWith('.deb'));
  if (!(await deb())) {
    log(`fetching Debian's ${name} (apt-get download) into ${folder}`);
    await run('apt-get', ['download', name], { cwd: folder });
  }
  const file = await deb();
  if (!file) throw new Error(`apt-get download ${name} left no package in ${folder}`);
  if (!unpacked()) await run('dpkg-deb', ['-x', file, folder], { cwd: folder });
  if (!unpacked()) throw new Error(`${name} has no ${probe}`);
  return { root: folder, version: decodeURIComponent(file.split('_')[1] ?? 'unknown') };
}
