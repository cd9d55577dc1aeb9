import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
import type { SharedTokenBuckets } from '../lib/shared-token-buckets.js';
import type { AccountService } from '../domain/accounts.js';
import type { MessageService } from '../domain/messages.js';
import type { PresenceService } from '../domain/presence.js';
import type { Store } from '../storage/types.js';
import type { Hub } from './hub.js';

/** What socket handlers need, wired once in app.ts. */
export interface WsContext {
  accounts: AccountService;
  messages: MessageService;
  presence: PresenceService;
  store: Store;
  hub: Hub;
  limits: Config['ws'];
  /** Per-user budgets across a user's sockets on this instance; absent when rate limits are off. */
  userLimits?: UserSocketLimits;
  log: Logger;
}

/** The shared per-user socket buckets (rateLimits.socket). */
export interface UserSocketLimits {
  sends: SharedTokenBuckets;
  frames: SharedTokenBuckets;
  /** Refused frames a socket may pile up before it is closed with 1008. */
  floodCloseAfter: number;
}
