import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AdminUser, AdminUserParams, AdminUsersPage, AdminUsersQuery, PasswordResetAnswer, PasswordResetBody, UpdateAdminUserBody } from '@parley/protocol';
import { toUserRef } from '../domain/accounts.js';
import type { AdminUserService } from '../domain/admin-users.js';
import { authOf } from './authenticate.js';

/** `/api/admin/users`: instance admins only (authenticate.ts answers everyone else not_found). */
export function adminUserRoutes(users: AdminUserService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/', { schema: { querystring: AdminUsersQuery, response: { 200: AdminUsersPage } } }, async (req) => users.list(req.query));
    app.patch('/:userId', { schema: { params: AdminUserParams, body: UpdateAdminUserBody, response: { 200: AdminUser } } }, async (req) =>
      users.update(toUserRef(authOf(req).user), req.params.userId, req.body),
    );
    app.post(
      '/:userId/password-reset',
      { schema: { params: AdminUserParams, body: PasswordResetBody, response: { 200: PasswordResetAnswer } } },
      async (req, reply) => {
        // The secret is in this answer only: no cache may keep it.
        reply.header('cache-control', 'no-store');
        return users.resetPassword(toUserRef(authOf(req).user), req.params.userId, req.body.mode);
      },
    );
  };
}
