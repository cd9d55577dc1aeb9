import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/schema.js';

/**
 * Browser features the client never uses, switched off for the page and anything it could embed.
 * Only features Chromium knows: an unknown name costs a console warning on every load.
 */
export const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'autoplay=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'hid=()',
  'magnetometer=()',
  'microphone=()',
  'midi=()',
  'payment=()',
  'publickey-credentials-get=()',
  'screen-wake-lock=()',
  'serial=()',
  'usb=()',
  'xr-spatial-tracking=()',
].join(', ');

/** The socket origins (ws/wss) for the browser origins allowed to open one, e.g. https://chat.example.com → wss://chat.example.com. */
function socketOrigins(allowedOrigins: readonly string[]): string[] {
  return allowedOrigins.map((origin) => {
    const url = new URL(origin);
    return `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  });
}

/**
 * The SPA's Content-Security-Policy. The built client is only same-origin files (Vite emits no inline
 * script, and assetsInlineLimit 0 keeps fonts and images out of data: URIs), so:
 * - script-src 'self': no inline script, no eval (zod's JIT is off, see apps/web/src/lib/zod-config.ts);
 * - style-src 'self': Bootstrap and Font Awesome are CSS files; React sets `style` props through
 *   the CSSOM, which CSP does not govern, and nothing injects <style> elements;
 * - img-src adds blob: (attachments are fetched with the bearer token and shown through object URLs)
 *   and data: (Bootstrap's CSS draws form controls and the close button with data: SVGs);
 * - connect-src 'self' covers same-origin ws:/wss: in CSP Level 3 browsers; the allowed origins'
 *   socket URLs are listed too, for a proxy that serves the page under one of those names;
 * - base-uri 'none' and object-src 'none' close the classic injection bypasses; frame-ancestors
 *   'none' refuses framing (clickjacking), X-Frame-Options DENY says the same to old browsers.
 */
export function contentSecurityPolicy(allowedOrigins: readonly string[]): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'connect-src': ["'self'", ...socketOrigins(allowedOrigins)],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
}

/**
 * Security headers on every response (helmet, plus Permissions-Policy, which helmet does not set).
 * A route that sets its own header keeps it: reply.header() wins over what this hook puts on the raw
 * response, so downloads stay sandboxed (send-blob.ts).
 *
 * Referrer-Policy is no-referrer: links in messages lead to other sites, and a Referer would tell
 * them the room URL someone clicked from; the server itself never reads Referer.
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: Pick<Config, 'allowedOrigins' | 'security'>): Promise<void> {
  const { hsts } = config.security;
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(config.allowedOrigins) },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Only when configured: HSTS sent to users who still reach the server over plain HTTP would lock them out.
    strictTransportSecurity: hsts.enabled ? { maxAge: hsts.maxAgeSeconds, includeSubDomains: hsts.includeSubDomains } : false,
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
}
