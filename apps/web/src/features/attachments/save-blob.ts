/** How long the object URL of a download stays valid; the browser has copied the bytes by then. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Saves bytes under a file name through an `<a download>` on an object URL: the only way to name a
 * download that had to be fetched with a bearer token. The name is an attribute value, never markup.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
