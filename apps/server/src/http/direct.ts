import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateDirectBody, Room } from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { DirectRoomService } from '../domain/direct-rooms.js';
import { authOf } from './authenticate.js';

/** `/api/direct`: start (or find) a direct-message conversation. Everything else goes through /api/rooms. */
export function directRoutes(direct: DirectRoomService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);

    app.post('/', { schema: { body: CreateDirectBody, response: { 200: Room, 201: Room } } }, async (req, reply) => {
      const { room, created } = await direct.open(toUserRef(authOf(req).user), req.body.userIds);
      return reply.code(created ? 201 : 200).send(room);
    });
  };
}
