/**
 * What a finished job did, in words ("Done: 2 new albums, 12 photos added to “Porto”."), with an Undo
 * button while the API allows it (7 days): undoing takes the job's albums and placements back and
 * leaves the photos in the library.
 */
import { api, describeError } from './api.js';
import { announce, h, plural } from './dom.js';

/** The sentence for a completed job (or one that was undone). */
export function outcomeSentence(job) {
  if (job.undoneAt)
    return 'Undone: this upload’s albums and placements were taken back. The photos stay in your library.';
  const parts = [];
  const made = job.newAlbumCount ?? job.albumCount ?? 0;
  if (made > 0) parts.push(plural(made, 'new album'));
  const joined = job.joinedAlbums ?? [];
  const added = joined.reduce((sum, album) => sum + album.added, 0);
  if (joined.length === 1) parts.push(`${plural(added, 'photo')} added to “${joined[0].title}”`);
  else if (joined.length > 1)
    parts.push(`${plural(added, 'photo')} added to ${joined.length} of your albums`);
  return parts.length > 0 ? `Done: ${parts.join(', ')}.` : 'Done: nothing new to place.';
}

/**
 * The outcome line and, while it can be undone, an Undo button. `onChange(job)` gets the job as it is
 * after an undo, so the caller can draw it again.
 */
export function jobOutcome(job, onChange) {
  const line = h('p', {
    class: 'job-status job-completed',
    'data-job-status': 'completed',
    text: outcomeSentence(job),
  });
  if (!job.undoableUntil || job.undoneAt) return [line];
  const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
  const undo = h('button', {
    type: 'button',
    class: 'button',
    text: 'Undo',
    'aria-label': 'Undo this upload’s albums (the photos stay in your library)',
    onclick: async () => {
      undo.disabled = true;
      error.hidden = true;
      try {
        const undone = await api(`/api/jobs/${job.jobId}/undo`, { method: 'POST' });
        announce('Undone. The photos stay in your library.');
        onChange(undone);
      } catch (failure) {
        undo.disabled = false;
        error.hidden = false;
        error.textContent = `Could not undo: ${describeError(failure)}`;
      }
    },
  });
  return [line, h('p', {}, undo), error];
}
