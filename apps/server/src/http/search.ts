import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SearchPage, SearchQuery } from '@parley/protocol';
import type { SearchService } from '../domain/search.js';
import { authOf } from './authenticate.js';

/** `GET /api/search`: message search over the caller's rooms. */
export function searchRoutes(search: SearchService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/search', { schema: { querystring: SearchQuery, response: { 200: SearchPage } } }, async (req) =>
      search.search(authOf(req).user.id, req.query),
    );
  };
}
