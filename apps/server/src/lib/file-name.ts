const MAX_NAME_BYTES = 200;

/**
 * A stored file name: NFC, no directories, no control or bidi-override characters, at most 200 bytes
 * of UTF-8 (the extension is kept when shortening). Unicode names such as 报告.pdf stay as they are.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  // \p{Cc}: control characters; \p{Cf}: format characters such as U+202E (right-to-left override).
  let name = base.replace(/[\p{Cc}\p{Cf}]/gu, '').replace(/\s+/g, ' ').trim().replace(/^\.+/, '');
  if (name === '') return 'file';
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
    name = truncateBytes(name.slice(0, name.length - ext.length), MAX_NAME_BYTES - Buffer.byteLength(ext)) + ext;
  }
  return name;
}

/** The longest prefix of whole code points within `max` bytes of UTF-8; one pass, as names may be ~80 KB. */
function truncateBytes(text: string, max: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

/**
 * `Content-Disposition` per RFC 6266 with an RFC 5987 `filename*` for the real (UTF-8) name and a
 * plain ASCII `filename` for old clients.
 */
export function contentDisposition(type: 'attachment' | 'inline', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
