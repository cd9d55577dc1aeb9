import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Me, UpdateMeBody, User } from '@parley/protocol';
import type { AccountService } from '../domain/accounts.js';
import { authOf } from './authenticate.js';

/** `/api/me`: the caller's profile. */
export function meRoutes(accounts: AccountService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/', { schema: { response: { 200: Me } } }, async (req) => accounts.getMe(authOf(req).user.id));
    app.patch('/', { schema: { body: UpdateMeBody, response: { 200: User } } }, async (req) => {
      const { user, sessionId } = authOf(req);
      return accounts.updateMe(user.id, sessionId, req.body);
    });
  };
}
