import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuthSession, LoginBody, RefreshBody, RegisterBody } from '@parley/protocol';
import type { AccountService } from '../domain/accounts.js';

/** `/api/auth/*`: register, login, refresh (rotating), logout. */
export function authRoutes(accounts: AccountService): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post('/register', { schema: { body: RegisterBody, response: { 201: AuthSession } } }, async (req, reply) => {
      return reply.code(201).send(await accounts.register(req.body));
    });
    app.post('/login', { schema: { body: LoginBody, response: { 200: AuthSession } } }, async (req) => {
      return accounts.login(req.body);
    });
    app.post('/refresh', { schema: { body: RefreshBody, response: { 200: AuthSession } } }, async (req) => {
      return accounts.refresh(req.body.refreshToken);
    });
    app.post('/logout', { schema: { body: RefreshBody } }, async (req, reply) => {
      await accounts.logout(req.body.refreshToken);
      return reply.code(204).send();
    });
  };
}
