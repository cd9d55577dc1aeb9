import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AdminAuditQuery, AuditPage, RoomAuditQuery, RoomParams } from '@parley/protocol';
import type { AuditService } from '../domain/audit.js';
import { authOf } from './authenticate.js';

/** `GET /api/rooms/:id/audit` (room owner) and `GET /api/admin/audit` (instance admins). */
export function auditRoutes(audit: AuditService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get(
      '/rooms/:id/audit',
      { schema: { params: RoomParams, querystring: RoomAuditQuery, response: { 200: AuditPage } } },
      async (req) => audit.listRoom(authOf(req).user.id, req.params.id, req.query),
    );
    app.get('/admin/audit', { schema: { querystring: AdminAuditQuery, response: { 200: AuditPage } } }, async (req) =>
      audit.listInstance(authOf(req).user.id, req.query),
    );
  };
}
