import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AccessTokenList, AccessTokenParams, CreateAccessTokenBody, CreatedAccessToken } from '@parley/protocol';
import type { AccessTokenService } from '../domain/access-tokens.js';
import { authOf } from './authenticate.js';

/** `/api/me/access-tokens`: the caller's personal access tokens (only from a login session, see domain/access-token-scope.ts). */
export function accessTokenRoutes(tokens: AccessTokenService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/', { schema: { response: { 200: AccessTokenList } } }, async (req) => ({ tokens: await tokens.list(authOf(req).user.id) }));
    app.post('/', { schema: { body: CreateAccessTokenBody, response: { 201: CreatedAccessToken } } }, async (req, reply) => {
      const created = await tokens.create(authOf(req).user.id, req.body);
      // The secret is in this body and nowhere else: keep it out of every cache.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    });
    app.delete('/:id', { schema: { params: AccessTokenParams } }, async (req, reply) => {
      await tokens.revoke(authOf(req).user.id, req.params.id);
      return reply.code(204).send();
    });
  };
}
