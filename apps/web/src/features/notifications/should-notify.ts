import type { Message } from '@parley/protocol';
import type { ChatState } from '../../ws/chat-state';
import { countsAsUnread, isViewing, mentionsUser } from '../../ws/unread';

/** Whether desktop notifications may be shown at all: the user opted in and the browser allows it. */
export interface NotifyPermission {
  enabled: boolean;
  permission: NotificationPermission | 'unsupported';
}

/**
 * Whether a live message deserves a desktop notification: someone else's message, not a system line,
 * in a room the user belongs to, has not read yet (another device may have) and is not looking at
 * right now (another room open, or this tab hidden or unfocused). Muting a room silences it, except for
 * messages that mention the user (`@name`, or `@here`/`@all` by an owner or admin): those still come
 * through, as in Slack, because a mention is someone asking for this person in particular.
 */
export function shouldNotify(message: Message, state: ChatState, { enabled, permission }: NotifyPermission): boolean {
  if (!enabled || permission !== 'granted') return false;
  if (!countsAsUnread(message, state.me.id)) return false;
  const r = state.rooms[message.roomId];
  if (!r || r.room.myRole === null) return false;
  if (r.room.muted && !mentionsUser(message, state.me.id)) return false;
  if (message.seq <= r.room.lastReadSeq) return false;
  return !isViewing(state, message.roomId);
}
