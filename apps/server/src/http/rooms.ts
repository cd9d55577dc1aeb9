import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CreateRoomBody,
  JoinRoomBody,
  MarkReadBody,
  MembershipState,
  Room,
  RoomList,
  RoomNotificationsBody,
  RoomParams,
  UpdateRoomBody,
} from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { MembershipService } from '../domain/membership.js';
import type { ReadStateService } from '../domain/read-state.js';
import type { RoomService } from '../domain/rooms.js';
import { authOf } from './authenticate.js';

/** `/api/rooms`: list, create, read, edit, delete, join, leave; the caller's read marker and mute. */
export function roomRoutes(
  rooms: RoomService,
  membership: MembershipService,
  readState: ReadStateService,
  authenticate: onRequestAsyncHookHandler,
): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    const actor = (req: Parameters<typeof authOf>[0]) => toUserRef(authOf(req).user);

    app.get('/', { schema: { response: { 200: RoomList } } }, async (req) => ({
      rooms: await rooms.listRooms(authOf(req).user.id),
    }));
    app.post('/', { schema: { body: CreateRoomBody, response: { 201: Room } } }, async (req, reply) => {
      return reply.code(201).send(await rooms.createRoom(actor(req), req.body));
    });
    app.get('/:id', { schema: { params: RoomParams, response: { 200: Room } } }, async (req) => {
      return rooms.getRoom(authOf(req).user.id, req.params.id);
    });
    app.patch('/:id', { schema: { params: RoomParams, body: UpdateRoomBody, response: { 200: Room } } }, async (req) => {
      return rooms.updateRoom(actor(req), req.params.id, req.body);
    });
    app.delete('/:id', { schema: { params: RoomParams } }, async (req, reply) => {
      await rooms.deleteRoom(actor(req), req.params.id);
      return reply.code(204).send();
    });
    // Fastify hands a request without a body to the validator as null, so "no body" must accept null.
    app.post('/:id/join', { schema: { params: RoomParams, body: JoinRoomBody.nullish(), response: { 200: Room } } }, async (req) => {
      await membership.join(actor(req), req.params.id, req.body?.inviteCode);
      return rooms.getRoom(authOf(req).user.id, req.params.id);
    });
    app.post('/:id/leave', { schema: { params: RoomParams } }, async (req, reply) => {
      await membership.leave(actor(req), req.params.id);
      return reply.code(204).send();
    });
    app.put('/:id/read', { schema: { params: RoomParams, body: MarkReadBody, response: { 200: MembershipState } } }, async (req) => {
      return readState.markRead(authOf(req).user.id, req.params.id, req.body.seq);
    });
    app.put(
      '/:id/notifications',
      { schema: { params: RoomParams, body: RoomNotificationsBody, response: { 200: MembershipState } } },
      async (req) => readState.setMuted(authOf(req).user.id, req.params.id, req.body.muted),
    );
  };
}
