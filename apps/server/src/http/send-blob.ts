import type { FastifyReply, FastifyRequest } from 'fastify';
import { parseRange } from '../lib/http-range.js';
import type { BlobStore } from '../storage/blob-store.js';

export interface BlobResponse {
  sha256: string;
  size: number;
  contentType: string;
  disposition?: string;
  cacheControl: string;
}

/**
 * Sends a stored blob with a strong ETag (its hash), conditional GET (304) and single byte ranges
 * (206/416). Downloads are sandboxed and never sniffed, whatever the bytes are.
 */
export function sendBlob(req: FastifyRequest, reply: FastifyReply, blobs: BlobStore, blob: BlobResponse) {
  const etag = `"${blob.sha256}"`;
  reply.header('ETag', etag);
  reply.header('Cache-Control', blob.cacheControl);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  reply.header('Accept-Ranges', 'bytes');
  if (blob.disposition) reply.header('Content-Disposition', blob.disposition);
  const inm = req.headers['if-none-match'];
  // If-None-Match compares weakly (RFC 9110 §13.1.2): a proxy that compresses may have weakened our tag.
  if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) return reply.code(304).send();
  reply.type(blob.contentType);
  const ifRange = req.headers['if-range'];
  const range = ifRange === undefined || ifRange === etag ? parseRange(req.headers.range, blob.size) : undefined;
  if (range === 'unsatisfiable') {
    reply.header('Content-Range', `bytes */${blob.size}`);
    return reply.code(416).send();
  }
  if (range) {
    reply.header('Content-Range', `bytes ${range.start}-${range.end}/${blob.size}`);
    reply.header('Content-Length', range.end - range.start + 1);
    return reply.code(206).send(blobs.read(blob.sha256, range));
  }
  reply.header('Content-Length', blob.size);
  return reply.send(blobs.read(blob.sha256));
}
