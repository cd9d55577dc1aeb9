import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { PublicInstance } from '@parley/protocol';
import type { InstanceSettingsService } from '../domain/instance-settings.js';

/**
 * `GET /api/instance`, no sign-in: what the login page needs before anyone is signed in (name,
 * whether and how one may register, default language, upload limits). Nothing in it is secret.
 */
export function instanceRoutes(settings: InstanceSettingsService): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.get('/instance', { schema: { response: { 200: PublicInstance } } }, async (_req, reply) => {
      // Changes live: a cached copy would show a closed registration as open.
      reply.header('cache-control', 'no-store');
      return settings.publicView();
    });
  };
}
