import type { FastifyInstance } from 'fastify';

/**
 * Every route the app registered, as "METHOD /path" (HEAD left out: Fastify adds it to each GET),
 * read from printRoutes() so that a test sees routes nobody told it about.
 */
export function registeredRoutes(app: FastifyInstance): string[] {
  const stack: string[] = [];
  const routes = new Set<string>();
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (\S*)(?: \(([^)]*)\))?$/.exec(line.replace(/\s+$/, ''));
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const path = `/${stack.join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
      if (method !== 'HEAD') routes.add(`${method} ${path}`);
    }
  }
  return [...routes].sort();
}
