// @ts-check
/**
 * What a folder's uploads already achieved, so a second run (after Ctrl+C, a crash or a dropped
 * network) does only what is left: each file that landed or was found in the library (with its size,
 * time and SHA-256, so a changed file is sent again), and each organizing job, written down BEFORE it
 * is requested so a re-run asks again with the same Idempotency-Key instead of making a second job.
 *
 * One JSON line per fact, appended as it happens (a crash loses at most the line being written), in
 * <config>/uploads/<id>.jsonl where the id digests the API, the account and the folder's real path:
 * the same folder sent to two accounts keeps two states. Rewritten compactly when opened.
 */
import { createHash } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { appendFile, link, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writePrivate } from './config.js';
import { CliError } from './errors.js';

/**
 * One run per folder at a time: two runs would both send the files neither had recorded yet. The lock
 * holds the owner's process id, so a lock left by a process that died is taken over — under a second,
 * short-lived lock, so that two runs which both found it dead never both take it (each would otherwise
 * remove the other's fresh lock, thinking it the dead one's).
 * @param {string} path
 */
async function lock(path) {
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const takeover = `${path}.takeover`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createHolding(path)) {
      const remove = () => {
        try {
          unlinkSync(path);
        } catch {}
      };
      // Also when the process ends without closing the state (a second Ctrl+C exits at once).
      process.once('exit', remove);
      return () => {
        process.removeListener('exit', remove);
        remove();
      };
    }
    const holder = await holderOf(path);
    if (holder !== null) throw busy(holder);
    if (!(await createHolding(takeover))) {
      const takingOver = await holderOf(takeover);
      if (takingOver !== null) throw busy(takingOver);
      // A run that died while taking over (a moment's window): its guard goes, and we try again.
      await rm(takeover, { force: true });
      continue;
    }
    try {
      // Under the guard nobody else removes the lock, and a dead run's lock cannot be replaced without
      // removing it: still held by no live process, it is safe to remove now.
      if ((await holderOf(path)) === null) await rm(path, { force: true });
    } finally {
      await rm(takeover, { force: true });
    }
  }
  throw new CliError(`Could not lock ${path}; try again.`, { code: 'busy' });
}

/**
 * Creates `path` holding this process's id, or answers false when it exists. It appears with the id
 * already in it (written aside, then linked into place, which fails if it exists): another run never
 * reads it empty and takes it for a dead one's.
 * @param {string} path
 */
async function createHolding(path) {
  const aside = `${path}.${process.pid}.tmp`;
  await writePrivate(aside, String(process.pid));
  try {
    await link(aside, path);
    return true;
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error)?.code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(aside, { force: true });
  }
}

/**
 * The live process holding `path`, or null when none does (the file is gone, or its process died).
 * @param {string} path
 */
async function holderOf(path) {
  const pid = Number(await readFile(path, 'utf8').catch(() => ''));
  return pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

/** @param {number} pid */
function busy(pid) {
  return new CliError(
    `Another momentarium (process ${pid}) is working on this folder. Wait for it, or stop it, then run again.`,
    { code: 'busy' },
  );
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {{ code?: string }} */ (error)?.code === 'EPERM';
  }
}

/**
 * @typedef {{ file: string, size: number, mtimeMs: number, sha256: string, key: string,
 *   via: 'upload' | 'library' | 'folder', imageId?: string, organized?: boolean }} FileEntry
 * @typedef {{ idempotencyKey: string, keys: string[], jobId?: string,
 *   status?: 'completed' | 'failed' | 'abandoned', error?: string,
 *   rejected?: { key: string, reason: string }[] }} JobEntry
 */

/**
 * @param {string} configDirectory
 * @param {{ api: string, user: string, folder: string }} owner
 */
export async function openUploadState(configDirectory, owner) {
  const id = createHash('sha256')
    .update(`${owner.api}\n${owner.user}\n${owner.folder}`)
    .digest('hex')
    .slice(0, 24);
  const path = join(configDirectory, 'uploads', `${id}.jsonl`);
  const unlock = await lock(join(configDirectory, 'uploads', `${id}.lock`));
  /** @type {Map<string, FileEntry>} */
  const files = new Map();
  /** @type {Map<string, JobEntry>} */
  const jobs = new Map();

  /** @param {any} fact */
  const apply = (fact) => {
    if (fact?.forget && typeof fact.file === 'string') files.delete(fact.file);
    else if (typeof fact?.file === 'string' && typeof fact.key === 'string') files.set(fact.file, fact);
    else if (typeof fact?.job?.idempotencyKey === 'string') {
      const earlier = jobs.get(fact.job.idempotencyKey);
      jobs.set(fact.job.idempotencyKey, { keys: [], ...earlier, ...fact.job });
    }
  };

  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch {}
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      apply(JSON.parse(line));
    } catch {
      // A line cut short by a crash: everything before it still counts.
    }
  }
  const lines = [owner, ...files.values(), ...[...jobs.values()].map((job) => ({ job }))];
  await writePrivate(path, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));

  let writing = Promise.resolve();
  /** @param {object} fact */
  const record = (fact) => {
    apply(fact);
    // One append at a time, in order, so lines never interleave.
    writing = writing.then(() => appendFile(path, `${JSON.stringify(fact)}\n`, { mode: 0o600 }));
    return writing;
  };

  const organizedKeys = () => {
    const organized = new Set();
    for (const entry of files.values()) if (entry.organized) organized.add(entry.key);
    for (const job of jobs.values()) {
      if (job.status !== 'completed') continue;
      const rejected = new Set((job.rejected ?? []).map((item) => item.key));
      for (const key of job.keys) if (!rejected.has(key)) organized.add(key);
    }
    return organized;
  };

  /** Keys a job rejected (the server could not read the photo), with the reason. */
  const rejectedKeys = () => {
    /** @type {Map<string, string>} */
    const rejected = new Map();
    for (const job of jobs.values())
      for (const item of job.rejected ?? []) rejected.set(item.key, item.reason);
    return rejected;
  };

  return {
    path,
    files,
    /** @param {FileEntry} entry */
    recordFile: (entry) => record(entry),
    /** The file's key is no good (never landed after all): the next upload sends it again. @param {string} file */
    forgetFile: (file) => record({ file, forget: true }),
    /** @param {Partial<JobEntry> & { idempotencyKey: string }} job */
    recordJob: (job) => record({ job }),
    /** Jobs asked for but not seen finished. */
    unfinishedJobs: () => [...jobs.values()].filter((job) => job.status === undefined),
    rejectedKeys,
    /** Keys uploaded or found in the library, not organized, not rejected and in no unfinished job. */
    keysToOrganize() {
      const organized = organizedKeys();
      const rejected = rejectedKeys();
      const busy = new Set(
        [...jobs.values()].filter((job) => job.status === undefined).flatMap((job) => job.keys),
      );
      const keys = [...files.values()]
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
        .map((entry) => entry.key)
        .filter((key) => !organized.has(key) && !rejected.has(key) && !busy.has(key));
      return [...new Set(keys)];
    },
    /** The folder's files that share a key, by key: to name a rejected photo by its file. */
    filesByKey() {
      /** @type {Map<string, string>} */
      const names = new Map();
      for (const entry of files.values()) if (!names.has(entry.key)) names.set(entry.key, entry.file);
      return names;
    },
    flush: () => writing,
    /** Writes what is pending and lets another run work on the folder. */
    async close() {
      await writing;
      unlock();
    },
  };
}

/** @typedef {Awaited<ReturnType<typeof openUploadState>>} UploadState */
