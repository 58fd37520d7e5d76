/**
 * A module worker that computes files' SHA-256, so hashing a large photo never blocks the page.
 * WebCrypto has no incremental digest: each file is read whole, which is why the page sends at most
 * two files at a time (web/js/file-hasher.js) and memory stays bounded by two photos.
 */
self.addEventListener('message', async (event) => {
  const { id, file } = event.data;
  try {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    self.postMessage({ id, sha256: toHex(digest) });
  } catch (error) {
    self.postMessage({ id, error: error?.message ?? String(error) });
  }
});

function toHex(buffer) {
  return Array.from(new Uint8Array(buffer), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
