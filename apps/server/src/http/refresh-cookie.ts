import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { REFRESH_COOKIE, type AuthSession } from '@parley/protocol';
import type { IssuedSession } from '../domain/accounts.js';

/**
 * The browser sends the cookie to the refresh and logout routes only: never to the rest of the API
 * (which takes the bearer token alone, so a cookie can never act for the user there) nor the socket.
 */
export const REFRESH_COOKIE_PATH = '/api/auth';

/** Refresh tokens are base64url (accounts.ts); any other value is refused without a database lookup. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,256}$/;

/**
 * HttpOnly keeps the token away from scripts (an XSS cannot steal a long-lived credential);
 * SameSite=Strict keeps another site from making the browser send it; Secure whenever the request
 * came over TLS (request.protocol honours X-Forwarded-Proto from a trusted proxy).
 */
function cookieOptions(request: FastifyRequest, maxAgeSeconds: number) {
  return {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  } as const;
}

/** Moves the refresh token of a freshly issued session into the cookie and returns the body the client may see. */
export function handOverSession(request: FastifyRequest, reply: FastifyReply, issued: IssuedSession, maxAgeSeconds: number): AuthSession {
  const { refreshToken, ...session } = issued;
  reply.setCookie(REFRESH_COOKIE, refreshToken, cookieOptions(request, maxAgeSeconds));
  return session;
}

/** Tells the browser to drop the cookie (same name, path and flags, already expired). */
export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  const { maxAge: _maxAge, ...options } = cookieOptions(request, 0);
  reply.clearCookie(REFRESH_COOKIE, options);
}

/** The refresh token the browser sent, or undefined when there is none or it cannot be one. */
export function readRefreshCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[REFRESH_COOKIE];
  return value !== undefined && TOKEN_SHAPE.test(value) ? value : undefined;
}
