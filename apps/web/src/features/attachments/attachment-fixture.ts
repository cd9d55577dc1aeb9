import type { Attachment } from '@parley/protocol';

/** A stored attachment for tests: an 800×600 PNG with a 480×360 thumbnail, or a PDF. */
export function attachment(id: string, kind: Attachment['kind'] = 'image'): Attachment {
  return {
    id,
    kind,
    name: `${id}.png`,
    contentType: kind === 'image' ? 'image/png' : 'application/pdf',
    size: 100,
    sha256: 'a'.repeat(64),
    width: kind === 'image' ? 800 : null,
    height: kind === 'image' ? 600 : null,
    url: `/api/attachments/${id}`,
    thumbnailUrl: kind === 'image' ? `/api/attachments/${id}/thumbnail` : null,
    thumbnailWidth: kind === 'image' ? 480 : null,
    thumbnailHeight: kind === 'image' ? 360 : null,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}
