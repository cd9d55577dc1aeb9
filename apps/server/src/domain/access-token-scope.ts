import type { AccessTokenScope } from '@parley/protocol';
import { DomainError } from './errors.js';

/** Account management: a stolen script token must not lock its owner out or mint more tokens. */
const ACCOUNT_ROUTES = ['/api/me/sessions', '/api/me/access-tokens'];
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses (403 insufficient_scope) a personal access token's request outside its scopes: `read`
 * allows safe methods only; `write` everything else a user can do except account management
 * (`route` is the route pattern, so `/api/me/sessions/:id` matches whatever the id).
 * The password change is refused in domain/accounts.ts, where the body is known.
 */
export function checkTokenScope(scopes: readonly AccessTokenScope[], method: string, route: string): void {
  if (ACCOUNT_ROUTES.some((prefix) => route === prefix || route.startsWith(`${prefix}/`))) {
    throw new DomainError('insufficient_scope', 'An access token cannot manage sessions or access tokens; sign in instead');
  }
  if (!READ_METHODS.has(method) && !scopes.includes('write')) {
    throw new DomainError('insufficient_scope', 'This access token has read scope only; it needs write');
  }
}

/** Socket frames that change something; a token needs `write` for them. */
const WRITE_FRAMES = new Set(['message.send', 'typing.start', 'typing.stop']);

/** Same rule for socket frames: subscribing and reading history is `read`; sending and typing need `write`. */
export function frameNeedsWrite(type: string): boolean {
  return WRITE_FRAMES.has(type);
}
