import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FrequentEmojis, ReactionParams, ReactionsBody } from '@parley/protocol';
import type { ReactionService } from '../domain/reactions.js';
import { authOf } from './authenticate.js';

const REACTION = '/rooms/:id/messages/:messageId/reactions/:emoji';

/**
 * `PUT`/`DELETE /api/rooms/:id/messages/:messageId/reactions/:emoji` (the caller's own reaction) and
 * `GET /api/me/reactions/frequent` (the small picker's emoji).
 */
export function reactionRoutes(reactions: ReactionService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.put(REACTION, { schema: { params: ReactionParams, response: { 200: ReactionsBody } } }, async (req) => {
      const { id, messageId, emoji } = req.params;
      return { reactions: await reactions.add(authOf(req).user.id, id, messageId, emoji) };
    });
    app.delete(REACTION, { schema: { params: ReactionParams, response: { 200: ReactionsBody, 204: z.undefined() } } }, async (req, reply) => {
      const { id, messageId, emoji } = req.params;
      const left = await reactions.remove(authOf(req).user.id, id, messageId, emoji);
      // Nothing to remove: a success, but no change and no event.
      if (left === undefined) return reply.code(204).send();
      return { reactions: left };
    });
    app.get('/me/reactions/frequent', { schema: { response: { 200: FrequentEmojis } } }, async (req) => ({
      emojis: await reactions.frequent(authOf(req).user.id),
    }));
  };
}
