import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { HistoryPage, HistoryQuery, RoomParams } from '@parley/protocol';
import type { MessageService } from '../domain/messages.js';
import { authOf } from './authenticate.js';

/** `GET /api/rooms/:id/messages`: history by seq cursor. */
export function messageRoutes(messages: MessageService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get(
      '/:id/messages',
      { schema: { params: RoomParams, querystring: HistoryQuery, response: { 200: HistoryPage } } },
      async (req) => messages.history(authOf(req).user.id, req.params.id, req.query),
    );
  };
}
