import cookie from '@fastify/cookie';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuthSession, LoginBody, RefreshBody, RegisterBody } from '@parley/protocol';
import type { AccountService } from '../domain/accounts.js';
import { DomainError } from '../domain/errors.js';
import { clearRefreshCookie, handOverSession, readRefreshCookie } from './refresh-cookie.js';

/**
 * `/api/auth/*`: register, login, refresh (rotating), logout. The refresh token lives only in the
 * HttpOnly `parley_refresh` cookie (refresh-cookie.ts), which the cookie parser here reads for
 * these routes alone.
 */
export function authRoutes(accounts: AccountService, refreshTtlSeconds: number): FastifyPluginAsync {
  return async (base) => {
    await base.register(cookie);
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post('/register', { schema: { body: RegisterBody, response: { 201: AuthSession } } }, async (req, reply) => {
      return reply.code(201).send(handOverSession(req, reply, await accounts.register(req.body, req.ip, req.headers['user-agent']), refreshTtlSeconds));
    });
    app.post('/login', { schema: { body: LoginBody, response: { 200: AuthSession } } }, async (req, reply) => {
      return handOverSession(req, reply, await accounts.login(req.body, req.ip, req.headers['user-agent']), refreshTtlSeconds);
    });
    app.post('/refresh', { schema: { body: RefreshBody, response: { 200: AuthSession } } }, async (req, reply) => {
      try {
        const token = readRefreshCookie(req);
        if (token === undefined) throw new DomainError('unauthenticated', 'No session cookie; log in again');
        return handOverSession(req, reply, await accounts.refresh(token, req.ip, req.headers['user-agent']), refreshTtlSeconds);
      } catch (err) {
        // A refused cookie (missing, expired, revoked, replayed) never becomes good again: stop the browser sending it.
        if (err instanceof DomainError && (err.code === 'unauthenticated' || err.code === 'account_disabled')) clearRefreshCookie(req, reply);
        throw err;
      }
    });
    app.post('/logout', { schema: { body: RefreshBody } }, async (req, reply) => {
      const token = readRefreshCookie(req);
      if (token !== undefined) await accounts.logout(token);
      clearRefreshCookie(req, reply);
      return reply.code(204).send();
    });
  };
}
