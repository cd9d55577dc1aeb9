import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService, Authenticated } from '../domain/accounts.js';
import { checkTokenScope } from '../domain/access-token-scope.js';
import { isAdminRoute, requireAdminConsole } from '../domain/admin-access.js';
import { DomainError } from '../domain/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | undefined;
  }
}

/**
 * onRequest hook for routes that need a user: a bearer access token, never a cookie (no CSRF surface).
 * It runs before the body is parsed or anything validated, so an anonymous caller learns nothing
 * about a route's rules and never makes the server parse a large body.
 */
export function createAuthenticate(accounts: AccountService) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer ([^\s]{1,4096})$/.exec(header);
    if (!match) throw refuse(request, reply, 'Send an access token as "Authorization: Bearer <token>"');
    const auth = await accounts.authenticate(match[1]!); // the regex has one capture group
    if (!auth) throw refuse(request, reply, 'Access token is invalid or expired');
    const route = request.routeOptions.url ?? request.url;
    // The admin console first, so a non-admin's token of any kind learns only not_found there.
    if (isAdminRoute(route)) requireAdminConsole(auth);
    // A personal access token reaches only what its scopes allow, and never account management.
    else if (auth.scopes) checkTokenScope(auth.scopes, request.method, route);
    request.auth = auth;
  };
}

/**
 * The 401 goes out before the body is read. Closing the connection after it means the rest of the
 * body is never read, and a client that stops sending it cannot hold the connection (and shutdown).
 */
function refuse(request: FastifyRequest, reply: FastifyReply, message: string): DomainError {
  const { 'content-length': length, 'transfer-encoding': chunked } = request.headers;
  if ((length !== undefined && length !== '0') || chunked !== undefined) reply.header('connection', 'close');
  return new DomainError('unauthenticated', message);
}

/** The authenticated user; only valid behind the authenticate hook. */
export function authOf(request: FastifyRequest): Authenticated {
  if (!request.auth) throw new DomainError('unauthenticated', 'Not authenticated');
  return request.auth;
}
