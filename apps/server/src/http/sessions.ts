import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RevokeAllSessionsBody, RevokeAllSessionsResult, SessionList, SessionParams } from '@parley/protocol';
import type { SessionService } from '../domain/sessions.js';
import { authOf } from './authenticate.js';

/** `/api/me/sessions`: the caller's signed-in devices; revoke one, the others, or all. */
export function sessionRoutes(sessions: SessionService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/', { schema: { response: { 200: SessionList } } }, async (req) => {
      const { user, sessionId } = authOf(req);
      return { sessions: await sessions.list(user.id, sessionId) };
    });
    app.delete('/:id', { schema: { params: SessionParams } }, async (req, reply) => {
      await sessions.revoke(authOf(req).user.id, req.params.id);
      return reply.code(204).send();
    });
    app.post('/revoke-all', { schema: { body: RevokeAllSessionsBody, response: { 200: RevokeAllSessionsResult } } }, async (req) => {
      const { user, sessionId } = authOf(req);
      return { revoked: await sessions.revokeAll(user.id, req.body.includeCurrent ? null : sessionId) };
    });
  };
}
