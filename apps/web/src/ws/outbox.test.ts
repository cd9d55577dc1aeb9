import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../lib/key-value-store';
import { attachment } from '../features/attachments/attachment-fixture';
import { loadOutbox, mergeOutbox, outboxKey, removeFromOutbox, saveOutbox, sendable, sendFrame, settledBy, type OutboxItem } from './outbox';

const ROOM = '00000000-0000-4000-8000-000000000001';
const ME = '00000000-0000-4000-8000-0000000000aa';
const OTHER = '00000000-0000-4000-8000-0000000000bb';

const item = (id: string, at: number, extra: Partial<OutboxItem> = {}): OutboxItem => ({
  clientMsgId: id,
  roomId: ROOM,
  kind: 'text',
  body: `body ${id}`,
  createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, at)).toISOString(),
  ...extra,
});

function created(clientMsgId: string | null, senderId: string | null, seq: number): Message {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    roomId: ROOM,
    seq,
    kind: senderId ? 'text' : 'system',
    body: 'x',
    event: null,
    sender: senderId ? { id: senderId, username: 'u', displayName: 'U' } : null,
    clientMsgId,
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

describe('outbox persistence', () => {
  it('round-trips through storage per user', () => {
    const store = createMemoryStore();
    saveOutbox(store, ME, [item('a', 1), item('b', 2)]);
    expect(loadOutbox(store, ME).map((i) => i.clientMsgId)).toEqual(['a', 'b']);
    expect(loadOutbox(store, OTHER)).toEqual([]);
  });

  it('drops damaged entries and survives non-JSON', () => {
    const store = createMemoryStore();
    store.setItem(outboxKey(ME), JSON.stringify([item('a', 1), { clientMsgId: 5 }, 'junk']));
    expect(loadOutbox(store, ME).map((i) => i.clientMsgId)).toEqual(['a']);
    store.setItem(outboxKey(ME), '{not json');
    expect(loadOutbox(store, ME)).toEqual([]);
  });

  it('removes the key once the outbox is empty', () => {
    const store = createMemoryStore();
    saveOutbox(store, ME, [item('a', 1)]);
    saveOutbox(store, ME, []);
    expect(store.getItem(outboxKey(ME))).toBeNull();
  });
});

describe('settling', () => {
  it('settles only my own messages that carry a clientMsgId', () => {
    const ids = settledBy([created('a', ME, 1), created('b', OTHER, 2), created(null, null, 3)], ME);
    expect([...ids]).toEqual(['a']);
  });

  it('removes acked items and keeps the same list when nothing matched', () => {
    const items = [item('a', 1), item('b', 2)];
    expect(removeFromOutbox(items, new Set(['a'])).map((i) => i.clientMsgId)).toEqual(['b']);
    expect(removeFromOutbox(items, new Set(['zzz']))).toBe(items);
  });

  it('never resends failed items', () => {
    expect(sendable([item('a', 1, { failed: 'not_room_member' }), item('b', 2)]).map((i) => i.clientMsgId)).toEqual(['b']);
  });
});

describe('mergeOutbox', () => {
  it('unions two tabs by clientMsgId in send order', () => {
    const merged = mergeOutbox([item('a', 1), item('c', 3)], [item('b', 2), item('a', 1)], new Set());
    expect(merged.map((i) => i.clientMsgId)).toEqual(['a', 'b', 'c']);
  });

  it('does not bring back an item this tab saw settled', () => {
    const merged = mergeOutbox([item('b', 2)], [item('a', 1), item('b', 2)], new Set(['a']));
    expect(merged.map((i) => i.clientMsgId)).toEqual(['b']);
  });

  it('keeps a failure recorded by either tab', () => {
    const merged = mergeOutbox([item('a', 1, { failed: 'room_not_found' })], [item('a', 1)], new Set());
    expect(merged[0]?.failed).toBe('room_not_found');
    const other = mergeOutbox([item('a', 1)], [item('a', 1, { failed: 'room_not_found' })], new Set());
    expect(other[0]?.failed).toBe('room_not_found');
  });
});

describe('outbox with attachments', () => {
  const A1 = '00000000-0000-4000-8000-0000000000a1';
  const A2 = '00000000-0000-4000-8000-0000000000a2';
  const F1 = '00000000-0000-4000-8000-0000000000f1';
  const photo = item('p', 1, { kind: 'image', body: 'caption', attachments: [attachment(A1), attachment(A2)] });
  const doc = item('d', 2, { kind: 'file', body: '', attachments: [attachment(F1, 'file')] });

  it('persists the attachment metadata, so a queued message still renders after a reload', () => {
    const store = createMemoryStore();
    saveOutbox(store, ME, [photo, doc]);
    expect(loadOutbox(store, ME)).toEqual([photo, doc]);
  });

  it('reads items stored before attachments existed as text', () => {
    const store = createMemoryStore();
    const { kind: _kind, ...legacy } = item('old', 1);
    store.setItem(outboxKey(ME), JSON.stringify([legacy]));
    expect(loadOutbox(store, ME)).toEqual([{ ...legacy, kind: 'text' }]);
  });

  it('drops an item whose attachment metadata is damaged', () => {
    const store = createMemoryStore();
    store.setItem(outboxKey(ME), JSON.stringify([{ ...photo, attachments: [{ id: 'x' }] }, doc]));
    expect(loadOutbox(store, ME).map((i) => i.clientMsgId)).toEqual(['d']);
  });

  it('sends the kind and attachment ids, and the same frame every time it is resent', () => {
    expect(sendFrame(photo, 'send:p')).toEqual({
      type: 'message.send',
      ref: 'send:p',
      roomId: ROOM,
      clientMsgId: 'p',
      kind: 'image',
      body: 'caption',
      attachmentIds: [A1, A2],
    });
    expect(sendFrame(photo, 'send:p')).toEqual(sendFrame(structuredClone(photo), 'send:p'));
    expect(sendFrame(doc, 'r')).toMatchObject({ kind: 'file', body: '', attachmentIds: [F1] });
  });

  it('sends the answered message as replyToId on every resend, and keeps it through storage', () => {
    const replyTo = { id: '00000000-0000-4000-8000-000000000042', seq: 42, sender: null, excerpt: '我们的数据库挂了', kind: 'text' as const, deleted: false };
    const reply = item('r', 1, { replyTo });
    expect(sendFrame(reply, 'send:r')).toEqual({ type: 'message.send', ref: 'send:r', roomId: ROOM, clientMsgId: 'r', body: 'body r', replyToId: replyTo.id });
    const store = createMemoryStore();
    saveOutbox(store, ME, [reply]);
    const [loaded] = loadOutbox(store, ME);
    expect(sendFrame(loaded!, 'send:r')).toEqual(sendFrame(reply, 'send:r'));
    expect(sendFrame({ ...reply, kind: 'image', attachments: [] }, 'x')).toMatchObject({ replyToId: replyTo.id, kind: 'image' });
  });

  it('sends text items as before, without attachment fields', () => {
    expect(sendFrame(item('t', 1), 'r')).toEqual({ type: 'message.send', ref: 'r', roomId: ROOM, clientMsgId: 't', body: 'body t' });
  });

  it('keeps attachments through a merge of two tabs and settles them like text', () => {
    const merged = mergeOutbox([photo], [doc, photo], new Set());
    expect(merged).toEqual([photo, doc]);
    expect(removeFromOutbox(merged, new Set(['p']))).toEqual([doc]);
  });
});
