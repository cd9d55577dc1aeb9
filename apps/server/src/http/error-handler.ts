import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '@parley/protocol';
import { DomainError } from '../domain/errors.js';
import { StorageUnavailableError } from '../storage/errors.js';

/** The only place that knows HTTP statuses. Exhaustive: a new code fails the build until it has one. */
export const STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_frame: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  insufficient_role: 403,
  not_room_member: 403,
  cannot_modify_owner: 403,
  room_not_found: 404,
  user_not_found: 404,
  member_not_found: 404,
  not_found: 404,
  attachment_not_found: 404,
  message_not_found: 404,
  message_not_reactable: 409,
  reaction_limit: 409,
  reply_target_not_found: 404,
  unsupported_media_type: 415,
  username_taken: 409,
  weak_password: 400,
  account_disabled: 403,
  registration_closed: 403,
  invite_required: 403,
  last_admin: 409,
  cannot_modify_self: 409,
  reset_token_invalid: 400,
  session_not_found: 404,
  access_token_not_found: 404,
  access_token_limit: 409,
  webhook_not_found: 404,
  webhook_limit: 409,
  insufficient_scope: 403,
  message_not_editable: 409,
  pin_limit: 409,
  owner_cannot_leave: 409,
  not_allowed_in_direct: 409,
  banned_from_room: 403,
  invite_not_found: 404,
  ban_not_found: 404,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

const body = (code: ErrorCode, message: string): ErrorBody => ({ error: { code, message } });

/** Maps every error to `{error:{code,message}}`; unknown errors are logged in full and answered generically. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issue = err.validation[0];
      const field = issue?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const where = field ? `${err.validationContext}.${field}` : (err.validationContext ?? 'request');
      return reply.code(400).send(body('invalid_request', `${where}: ${issue?.message ?? 'invalid'}`));
    }
    if (err instanceof DomainError) return reply.code(STATUS[err.code]).send(body(err.code, err.message));
    if (err instanceof StorageUnavailableError) {
      request.log.warn({ err: err.cause }, 'database unavailable');
      return reply.code(503).header('retry-after', '5').send(body('unavailable', 'The server cannot reach its database; retry shortly'));
    }
    if (err.statusCode === 413) return reply.code(413).send(body('payload_too_large', 'Request body is too large'));
    // @fastify/static refuses a path that climbs out of the web root ("/assets/../..") with a 403
    // error of its own: to the caller that is just a file that does not exist.
    if (err.statusCode === 403) return reply.code(404).send(body('not_found', 'No such file'));
    if (err.statusCode === 415) {
      // Uploads take multipart/form-data; every other route takes JSON.
      const expected = request.url.startsWith('/api/uploads') || request.url.startsWith('/api/me/avatar') ? 'multipart/form-data' : 'application/json';
      return reply.code(415).send(body('invalid_request', `Send the body as ${expected}`));
    }
    if (err.statusCode === 400) {
      return reply.code(400).send(body('invalid_request', err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'Body is empty' : 'Body is not valid JSON'));
    }
    if (err.statusCode === 429) return reply.code(429).send(body('rate_limited', 'Too many requests'));
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send(body('internal', 'Something went wrong on the server'));
  });
}

/** A page of the SPA rather than a missing file or API route: no file extension, not under /api or /assets. */
function isClientRoute(path: string): boolean {
  if (path.startsWith('/api/') || path.startsWith('/assets/') || path === '/ws') return false;
  return !/\.[A-Za-z0-9]+$/.test(path);
}

/**
 * One not-found handler for the whole app: with a built web client, a GET for an unknown page gets
 * index.html (client-side routes survive a reload); API paths and everything else get a JSON 404.
 */
export function registerNotFound(app: FastifyInstance, serveSpa: boolean): void {
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (serveSpa && request.method === 'GET' && isClientRoute(path)) return reply.sendFile('index.html');
    return reply.code(404).send(body('not_found', `No route ${request.method} ${path}`));
  });
}
