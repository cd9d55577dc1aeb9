import { z } from 'zod';
import { Id, Timestamp } from './common.js';

export const AttachmentKind = z.enum(['image', 'file']);
export type AttachmentKind = z.infer<typeof AttachmentKind>;

/**
 * An uploaded file. `url` and `thumbnailUrl` are API paths fetched with the bearer token.
 * Images carry their served size (after EXIF orientation) and a WebP thumbnail of at most 480 px.
 */
export const Attachment = z.object({
  id: Id,
  kind: AttachmentKind,
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  url: z.string(),
  thumbnailUrl: z.string().nullable(),
  thumbnailWidth: z.number().int().nullable(),
  thumbnailHeight: z.number().int().nullable(),
  createdAt: Timestamp,
});
export type Attachment = z.infer<typeof Attachment>;

/** Path parameters of `/api/attachments/:id`. */
export const AttachmentParams = z.object({ id: Id });

/** Path parameters of `/api/avatars/:hash` (a public, immutable avatar image). */
export const AvatarParams = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/) });
