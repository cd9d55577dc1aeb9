import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Serves the built SPA; unknown non-API GETs get index.html so client-side routes survive a reload. */
export async function registerWebClient(app: FastifyInstance, webDir: string): Promise<boolean> {
  if (!existsSync(join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'web client not built; serving the API only (run npm run build)');
    return false;
  }
  await app.register(fastifyStatic, {
    root: webDir,
    // Look files up per request, so a rebuilt client is served without restarting the server.
    wildcard: true,
    index: 'index.html',
    cacheControl: false, // set per file below
    setHeaders: (res, path) => {
      // Vite fingerprints everything under assets/, so those never change; index.html must always revalidate.
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}
