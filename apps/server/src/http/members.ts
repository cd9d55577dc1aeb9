import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreateInviteBody, Invite, Member, MemberList, MemberParams, RoomParams, SetRoleBody } from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { MembershipService } from '../domain/membership.js';
import { authOf } from './authenticate.js';

/** `/api/rooms/:id/members` and `/invites`: who is in a room and who may come in. */
export function memberRoutes(membership: MembershipService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    const actor = (req: Parameters<typeof authOf>[0]) => toUserRef(authOf(req).user);

    app.get('/:id/members', { schema: { params: RoomParams, response: { 200: MemberList } } }, async (req) => ({
      members: await membership.listMembers(authOf(req).user.id, req.params.id),
    }));
    app.post(
      '/:id/members/:userId/role',
      { schema: { params: MemberParams, body: SetRoleBody, response: { 200: Member } } },
      async (req) => membership.setRole(actor(req), req.params.id, req.params.userId, req.body.role),
    );
    app.delete('/:id/members/:userId', { schema: { params: MemberParams } }, async (req, reply) => {
      await membership.kick(actor(req), req.params.id, req.params.userId);
      return reply.code(204).send();
    });
    app.post(
      '/:id/invites',
      // Fastify hands a request without a body to the validator as null, so "no body" must accept null.
      { schema: { params: RoomParams, body: CreateInviteBody.nullish(), response: { 201: Invite } } },
      async (req, reply) => {
        const hours = req.body?.expiresInHours ?? 168;
        return reply.code(201).send(await membership.createInvite(actor(req), req.params.id, hours));
      },
    );
  };
}
