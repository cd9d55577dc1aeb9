import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Ban, BanBody, BanList, InviteList, InviteParams, MemberParams, Room, RoomParams, TransferOwnershipBody } from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { ModerationService } from '../domain/moderation.js';
import type { RoomService } from '../domain/rooms.js';
import { authOf } from './authenticate.js';

/** `/api/rooms/:id/bans`, `/invites` (list, revoke) and `/transfer`: owners and admins keeping a room in order. */
export function moderationRoutes(moderation: ModerationService, rooms: RoomService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    const actor = (req: Parameters<typeof authOf>[0]) => toUserRef(authOf(req).user);

    app.get('/:id/bans', { schema: { params: RoomParams, response: { 200: BanList } } }, async (req) => ({
      bans: await moderation.listBans(authOf(req).user.id, req.params.id),
    }));
    // Fastify hands a request without a body to the validator as null, so "no body" must accept null.
    app.put('/:id/bans/:userId', { schema: { params: MemberParams, body: BanBody.nullish(), response: { 200: Ban } } }, async (req) => {
      return moderation.ban(actor(req), req.params.id, req.params.userId, req.body?.reason);
    });
    app.delete('/:id/bans/:userId', { schema: { params: MemberParams } }, async (req, reply) => {
      await moderation.unban(actor(req), req.params.id, req.params.userId);
      return reply.code(204).send();
    });
    app.get('/:id/invites', { schema: { params: RoomParams, response: { 200: InviteList } } }, async (req) => ({
      invites: await moderation.listInvites(authOf(req).user.id, req.params.id),
    }));
    app.delete('/:id/invites/:inviteId', { schema: { params: InviteParams } }, async (req, reply) => {
      await moderation.revokeInvite(actor(req), req.params.id, req.params.inviteId);
      return reply.code(204).send();
    });
    app.post('/:id/transfer', { schema: { params: RoomParams, body: TransferOwnershipBody, response: { 200: Room } } }, async (req) => {
      await moderation.transferOwnership(actor(req), req.params.id, req.body.userId);
      return rooms.getRoom(authOf(req).user.id, req.params.id);
    });
  };
}
