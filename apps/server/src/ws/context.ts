import type { Logger } from 'pino';
import type { Config } from '../config/schema.js';
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
  log: Logger;
}
