import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { InstanceSettings, UpdateInstanceSettingsBody } from '@parley/protocol';
import { requireInstanceAdmin, type InstanceSettingsService } from '../domain/instance-settings.js';
import { authOf } from './authenticate.js';

/** `GET/PATCH /api/admin/settings`: instance admins read and change the instance settings. */
export function adminSettingsRoutes(settings: InstanceSettingsService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    // Before the body is validated: a non-admin gets 404 whatever they send, never a 400 that confirms the route.
    app.addHook('onRequest', async (req) => requireInstanceAdmin(authOf(req).user));
    app.get('/admin/settings', { schema: { response: { 200: InstanceSettings } } }, async (req) => settings.get(authOf(req).user));
    app.patch('/admin/settings', { schema: { body: UpdateInstanceSettingsBody, response: { 200: InstanceSettings } } }, async (req) =>
      settings.update(authOf(req).user, req.body, req.ip),
    );
  };
}
