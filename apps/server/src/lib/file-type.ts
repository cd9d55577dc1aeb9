/** Raster formats Parley accepts as images; everything else is a file. */
export type ImageFormat = 'jpeg' | 'png' | 'gif' | 'webp';

export interface SniffedType {
  contentType: string;
  image?: ImageFormat;
}

const startsWith = (head: Buffer, bytes: number[], offset = 0) => bytes.every((b, i) => head[offset + i] === b);
const ascii = (head: Buffer, text: string, offset = 0) => head.toString('latin1', offset, offset + text.length) === text;

/**
 * Decides a file's type from its first bytes (magic numbers), never from its name or the client's
 * Content-Type. Unknown binary is application/octet-stream.
 */
export function sniffType(head: Buffer): SniffedType {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { contentType: 'image/jpeg', image: 'jpeg' };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: 'image/png', image: 'png' };
  if (ascii(head, 'GIF87a') || ascii(head, 'GIF89a')) return { contentType: 'image/gif', image: 'gif' };
  if (ascii(head, 'RIFF') && ascii(head, 'WEBP', 8)) return { contentType: 'image/webp', image: 'webp' };
  if (ascii(head, '%PDF-')) return { contentType: 'application/pdf' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return { contentType: 'application/zip' };
  if (startsWith(head, [0x1f, 0x8b])) return { contentType: 'application/gzip' };
  if (ascii(head, 'ftyp', 4)) return isoMediaType(head.toString('latin1', 8, 12));
  if (ascii(head, 'ID3') || startsWith(head, [0xff, 0xfb])) return { contentType: 'audio/mpeg' };
  if (ascii(head, 'OggS')) return { contentType: 'audio/ogg' };
  return sniffText(head);
}

/** ISO base media files (`ftyp` box) are video, audio or still images depending on their major brand. */
function isoMediaType(brand: string): SniffedType {
  if (['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return { contentType: 'image/heic' };
  if (brand === 'avif' || brand === 'avis') return { contentType: 'image/avif' };
  if (brand === 'M4A ' || brand === 'M4B ') return { contentType: 'audio/mp4' };
  return { contentType: 'video/mp4' };
}

function sniffText(head: Buffer): SniffedType {
  if (head.includes(0)) return { contentType: 'application/octet-stream' };
  let text: string;
  try {
    // `stream: true` lets the head end inside a multi-byte character, as a cut at 64 bytes often does.
    text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return { contentType: 'application/octet-stream' }; // not UTF-8: binary
  }
  const start = text.trimStart().slice(0, 512).toLowerCase();
  if (start.includes('<svg')) return { contentType: 'image/svg+xml' };
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return { contentType: 'text/html' };
  if (start.startsWith('<?xml')) return { contentType: 'application/xml' };
  return { contentType: 'text/plain' };
}

/** Types a browser may be told as they are; anything else (HTML, SVG, XML …) is served as octet-stream. */
const SAFE_TO_SERVE = new Set(['application/pdf', 'application/zip', 'application/gzip', 'video/mp4', 'audio/mpeg', 'audio/ogg']);

/** The Content-Type to send for a stored file of this detected type. */
export function servedContentType(contentType: string): string {
  if (contentType === 'text/plain') return 'text/plain; charset=utf-8';
  return SAFE_TO_SERVE.has(contentType) ? contentType : 'application/octet-stream';
}

/** Whether a detected type matches an allow-list of `type/subtype`, `type/*` or `*\/*` entries. */
export function isTypeAllowed(contentType: string, allowed: readonly string[]): boolean {
  const [type] = contentType.split('/');
  return allowed.some((a) => a === '*/*' || a === contentType || a === `${type}/*`);
}
