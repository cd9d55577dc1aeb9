import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/schema.js';

/** Fields that carry a credential, at the top of a log object or one or two levels down. */
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'refreshToken'];
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  // Plugins log headers under their own keys too: @fastify/multipart logs busboyOptions.headers at trace.
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

/**
 * Query parameters kept out of request lines: ones a misbehaving client might put a credential in
 * (Parley never reads them), and `q`, a search query, which is what people say in their rooms.
 */
const SECRET_QUERY = /([?&](?:access_token|token|refresh_token|password|code|q)=)[^&#]*/gi;

/** An incoming webhook's URL carries its secret as the last path segment. */
const WEBHOOK_SECRET = /^(\/api\/hooks\/[^/?#]*\/)[^?#]*/;

/** A request URL safe to log: a webhook's secret, credential-looking and search query values replaced. */
export function loggableUrl(url: string): string {
  return url.replace(WEBHOOK_SECRET, '$1[redacted]').replace(SECRET_QUERY, '$1[redacted]');
}

interface LoggedRequest {
  method?: unknown;
  url?: unknown;
  host?: unknown;
  ip?: unknown;
  socket?: { remotePort?: unknown };
}

/**
 * Fastify's request serializer, with the URL passed through loggableUrl. Any `req` a log call
 * passes goes through here, so it must take objects that are not requests too.
 */
function serializeRequest(req: LoggedRequest) {
  if (typeof req.url !== 'string') return req;
  return { method: req.method, url: loggableUrl(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort };
}

/** Creates the logger: JSON lines (to stdout unless a destination is given), credentials redacted wherever they could appear. */
export function createLogger(level: Config['logLevel'], destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: serializeRequest } };
  return destination ? pino(options, destination) : pino(options);
}
