/**
 * Originals arrive tagged `uploaded` (the tag is part of the signed PUT) and are re-tagged `kept` once
 * the worker has read them; the bucket's lifecycle expires what is still `uploaded` after a grace
 * period, so abandoned and unreadable uploads do not pile up. lib/constructs/uploads.ts holds the rule
 * (and its own copy of the tag name: infrastructure does not import Lambda code; a test checks both agree).
 */
export const UPLOAD_STATE_TAG = 'momentarium-state';
export const UPLOADED_TAGGING = `${UPLOAD_STATE_TAG}=uploaded`;
export const KEPT = 'kept';
