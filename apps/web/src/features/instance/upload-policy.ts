import type { PublicInstance } from '@parley/protocol';

/** Why a file is refused before it is sent: over the instance's size limit, or of a type it does not allow. */
export type UploadRefusal = { reason: 'too_large'; maxBytes: number } | { reason: 'type_not_allowed' };

/** Whether a content type matches one pattern: `*∕*`, `image/*` or an exact `image/png` (case-insensitive). */
export function matchesContentType(type: string, pattern: string): boolean {
  const t = type.toLowerCase();
  const p = pattern.toLowerCase();
  if (p === '*/*') return true;
  if (p.endsWith('/*')) return t.startsWith(p.slice(0, -1));
  return t === p;
}

/**
 * The refusal the server would give, checked before any byte is sent so the user learns at once. The
 * browser's type is only a guess from the extension: an unknown type is left for the server, which
 * detects the type from the bytes and enforces both limits anyway.
 */
export function refuseUpload(file: { size: number; type: string }, instance: PublicInstance | undefined): UploadRefusal | undefined {
  if (!instance) return undefined;
  if (file.size > instance.maxUploadBytes) return { reason: 'too_large', maxBytes: instance.maxUploadBytes };
  const type = file.type.split(';')[0]?.trim() ?? '';
  if (type && !instance.allowedFileTypes.some((p) => matchesContentType(type, p))) return { reason: 'type_not_allowed' };
  return undefined;
}
