// @ts-check
/**
 * What the user reads. Standard output carries the result (one JSON object with --json); progress
 * and errors go to standard error, a rewritten status line only when it is a terminal.
 */

/**
 * @param {NodeJS.WriteStream} stream
 */
export function createProgress(stream) {
  let showing = false;
  const clear = () => {
    if (showing) stream.write('\r\x1b[2K');
    showing = false;
  };
  return {
    /** A line worth keeping in a log: a phase starting or ending. @param {string} text */
    line(text) {
      clear();
      stream.write(`${text}\n`);
    },
    /** A status that replaces the previous one (terminals only). @param {string} text */
    update(text) {
      if (!stream.isTTY) return;
      stream.write(`\r\x1b[2K${text}`);
      showing = true;
    },
    done: clear,
  };
}

/** @typedef {ReturnType<typeof createProgress>} Progress */

/** @param {number} count @param {string} one @param {string} [many] */
const plural = (count, one, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** @param {string} title @param {{ file: string, reason: string }[]} items */
const listed = (title, items) =>
  items.length === 0
    ? []
    : [`${title} (${items.length}):`, ...items.map(({ file, reason }) => `  ${file}: ${reason}`)];

/** @param {import('./upload.js').UploadSummary} summary */
export function uploadLines(summary) {
  const parts = [`uploaded ${summary.uploaded.length}`];
  if (summary.alreadyUploaded.length)
    parts.push(`already uploaded by an earlier run ${summary.alreadyUploaded.length}`);
  if (summary.inLibrary.length) parts.push(`already in your library ${summary.inLibrary.length}`);
  if (summary.sameInFolder.length)
    parts.push(`identical to another file here ${summary.sameInFolder.length}`);
  return [
    `${plural(summary.found, 'photo')}: ${parts.join(', ')}.`,
    ...listed('Skipped', summary.skipped),
    ...listed('Not uploaded', summary.failed),
  ];
}

/** @param {import('./organize.js').JobOutcome[]} jobs */
export function jobLines(jobs) {
  return jobs.flatMap((job) => {
    const head =
      job.status === 'completed'
        ? `Job ${job.jobId}: completed, ${plural(job.imageCount, 'photo')}: ${whatItDid(job)}` +
          (job.organizer ? ` (${job.organizer} organizer)` : '')
        : job.status === 'failed'
          ? `Job ${job.jobId}: failed: ${job.error ?? 'no reason given'}`
          : `Job ${job.jobId}: ${job.status}. Follow it with: momentarium status ${job.jobId} --wait`;
    return [head, ...job.rejected.map(({ file, reason }) => `  could not be read: ${file}: ${reason}`)];
  });
}

/**
 * "2 new albums, 3 photos added to “Porto”" — or, from an API that does not say, how many albums.
 * @param {import('./organize.js').JobOutcome} job
 */
function whatItDid(job) {
  if (job.newAlbumCount === null) return `into ${plural(job.albumCount ?? 0, 'album')}`;
  const parts = [
    ...(job.newAlbumCount > 0 ? [plural(job.newAlbumCount, 'new album')] : []),
    ...job.joinedAlbums.map((album) => `${plural(album.added, 'photo')} added to “${album.title}”`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'no album changed';
}

/** @param {{ title: string, description: string, photoCount: number }[]} albums */
export function albumLines(albums) {
  if (albums.length === 0) return ['No albums yet.'];
  return [
    `Your albums (${albums.length}):`,
    ...albums.flatMap((album) => [
      `  ${album.title} (${plural(album.photoCount, 'photo')})`,
      ...(album.description ? [`    ${album.description}`] : []),
    ]),
  ];
}
