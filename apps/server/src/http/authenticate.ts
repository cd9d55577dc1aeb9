import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountService } from '../domain/accounts.js';
import { DomainError } from '../domain/errors.js';
import type { UserRecord } from '../storage/types.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth: { user: UserRecord; sessionId: string } | undefined;
  }
}

/**
 * onRequest hook for routes that need a user: a bearer access token, never a cookie (no CSRF surface).
 * It runs before the body is parsed or anything validated, so an anonymous caller learns nothing
 * about a route's rules and never makes the server parse a large body.
 */
export function createAuthenticate(accounts: AccountService) {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = request.headers.authorization;
    const match = header === undefined ? null : /^Bearer ([^\s]{1,4096})$/.exec(header);
    if (!match) throw new DomainError('unauthenticated', 'Send an access token as "Authorization: Bearer <token>"');
    const auth = await accounts.authenticate(match[1]!); // the regex has one capture group
    if (!auth) throw new DomainError('unauthenticated', 'Access token is invalid or expired');
    request.auth = auth;
  };
}

/** The authenticated user; only valid behind the authenticate hook. */
export function authOf(request: FastifyRequest): { user: UserRecord; sessionId: string } {
  if (!request.auth) throw new DomainError('unauthenticated', 'Not authenticated');
  return request.auth;
}
