/**
 * A random URL-safe id (22 chars, 128 bits). Uses getRandomValues rather than crypto.randomUUID,
 * because randomUUID exists only in secure contexts and Parley may be served over plain HTTP on a LAN.
 */
export function createRandomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
