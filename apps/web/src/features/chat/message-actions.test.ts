import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { messagePermissions } from './message-actions';

const ann = { id: 'ann', username: 'ann', displayName: 'Ann' };
const msg = (extra: Partial<Message> = {}): Message => ({ id: 'm1', roomId: 'r', seq: 1, kind: 'text', body: 'hi', event: null, sender: ann, clientMsgId: null, createdAt: '2026-11-24T10:00:00.000Z', ...extra });

describe('messagePermissions', () => {
  it('lets the sender edit and delete their own message, but not pin it as a member', () => {
    expect(messagePermissions(msg(), 'ann', 'member')).toEqual({ react: true, edit: true, delete: true, pin: false, history: false });
  });

  it('lets an owner or admin delete and pin anyone’s message, never edit it', () => {
    for (const role of ['owner', 'admin'] as const) {
      expect(messagePermissions(msg(), 'mod', role)).toEqual({ react: true, edit: false, delete: true, pin: true, history: false });
    }
  });

  it('gives a member nothing but reacting on someone else’s message', () => {
    expect(messagePermissions(msg(), 'bob', 'member')).toEqual({ react: true, edit: false, delete: false, pin: false, history: false });
  });

  it('offers the edit history to owners and admins once a message was edited or deleted', () => {
    expect(messagePermissions(msg({ editedAt: '2026-11-24T10:01:00.000Z' }), 'mod', 'admin').history).toBe(true);
    expect(messagePermissions(msg({ editedAt: '2026-11-24T10:01:00.000Z' }), 'bob', 'member').history).toBe(false);
  });

  it('leaves a tombstone only its history (for moderators), and a preview nothing', () => {
    const tomb = msg({ body: '', deletedAt: '2026-11-24T10:02:00.000Z' });
    expect(messagePermissions(tomb, 'ann', 'owner')).toEqual({ react: false, edit: false, delete: false, pin: false, history: true });
    expect(messagePermissions(tomb, 'ann', 'member')).toEqual({ react: false, edit: false, delete: false, pin: false, history: false });
    expect(messagePermissions(msg(), 'ann', null)).toEqual({ react: false, edit: false, delete: false, pin: false, history: false });
  });

  it('offers nothing on system lines and updates', () => {
    const system = msg({ kind: 'system', sender: null, event: { type: 'room.created', by: ann } });
    expect(messagePermissions(system, 'ann', 'owner')).toEqual({ react: false, edit: false, delete: false, pin: false, history: false });
  });
});
