import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AdminRoom, AdminRoomParams, AdminRoomsPage, AdminRoomsQuery, AdminTransferBody } from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { AdminRoomService } from '../domain/admin-rooms.js';
import { authOf } from './authenticate.js';

/** `/api/admin/rooms`: instance admins only (authenticate.ts answers everyone else not_found). */
export function adminRoomRoutes(rooms: AdminRoomService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/', { schema: { querystring: AdminRoomsQuery, response: { 200: AdminRoomsPage } } }, async (req) => rooms.list(req.query));
    app.delete('/:id', { schema: { params: AdminRoomParams } }, async (req, reply) => {
      await rooms.deleteRoom(toUserRef(authOf(req).user), req.params.id);
      return reply.code(204).send();
    });
    app.post('/:id/transfer', { schema: { params: AdminRoomParams, body: AdminTransferBody, response: { 200: AdminRoom } } }, async (req) =>
      rooms.transfer(toUserRef(authOf(req).user), req.params.id, req.body.userId),
    );
  };
}
