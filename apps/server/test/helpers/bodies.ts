import type { AuthSession, Room, UserRef } from '@parley/protocol';
import { expect } from 'vitest';

/** An account registered by registerUser(), password included. */
export type Account = AuthSession & { password: string };

/** Whole expected bodies, so a test states every field and an extra or missing one fails it. */
export const errorBody = (code: string, message: unknown = expect.any(String)) => ({ error: { code, message } });
export const invalidRequest = (field: string) => errorBody('invalid_request', expect.stringContaining(field));
export const errorFrame = (code: string, extra: Record<string, unknown> = {}) => ({
  type: 'error',
  code,
  message: expect.any(String),
  ...extra,
});
export const acked = (roomId: string, clientMsgId: string, seq: unknown = expect.any(Number)) => ({
  type: 'message.acked',
  ref: expect.any(String),
  roomId,
  clientMsgId,
  id: expect.any(String),
  seq,
  duplicate: false,
});
export const ready = (account: Account) => ({ type: 'session.ready', user: account.user, heartbeatMs: expect.any(Number) });
export const userRef = (a: Account): UserRef => ({ id: a.user.id, username: a.user.username, displayName: a.user.displayName });
/**
 * A room as listed or returned, with the defaults of a fresh public room nobody is online in and
 * nothing unread; a member's `lastReadSeq` must be stated.
 */
export const roomBody = (room: Partial<Room>) => {
  if (room.myRole && room.lastReadSeq === undefined) throw new Error('roomBody: state lastReadSeq for a member');
  return {
    id: expect.any(String),
    type: 'room',
    description: '',
    visibility: 'public',
    createdAt: expect.any(String),
    onlineCount: 0,
    lastReadSeq: 0,
    unreadCount: 0,
    mentionCount: 0,
    muted: false,
    ...room,
  };
};
