import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AdminStats } from '@parley/protocol';
import type { AdminStatsService } from '../domain/admin-stats.js';
import { requireInstanceAdmin } from '../domain/instance-settings.js';
import { authOf } from './authenticate.js';

/** `GET /api/admin/stats`: the admin dashboard's numbers and series. */
export function adminStatsRoutes(stats: AdminStatsService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.addHook('onRequest', async (req) => requireInstanceAdmin(authOf(req).user));
    app.get('/admin/stats', { schema: { response: { 200: AdminStats } } }, async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return stats.get(authOf(req).user);
    });
  };
}
