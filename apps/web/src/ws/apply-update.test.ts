import type { Message, SystemEvent, UserRef } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { applyChange, applyChanges, applyChangeToTimeline, reapplyHeldChanges, replyExcerpt, type MessageChange } from './apply-update';
import { attachment } from '../features/attachments/attachment-fixture';

const ann: UserRef = { id: '00000000-0000-4000-8000-0000000000a1', username: 'ann', displayName: 'Ann' };
const bob: UserRef = { id: '00000000-0000-4000-8000-0000000000b2', username: 'bob', displayName: 'Bob' };
const idOf = (seq: number) => `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;

function msg(seq: number, extra: Partial<Message> = {}): Message {
  return { id: idOf(seq), roomId: 'r1', seq, kind: 'text', body: `m${seq}`, event: null, sender: ann, clientMsgId: null, createdAt: '2026-11-24T10:00:00.000Z', ...extra };
}

/** A stored change: kind `update` (or `system` for pins) naming message `target`. */
function change(seq: number, event: SystemEvent): Message {
  const pin = event.type === 'message.pinned' || event.type === 'message.unpinned';
  return msg(seq, { kind: pin ? 'system' : 'update', body: '', event, sender: pin ? null : bob });
}

const added = (target: number, emoji: string, user: UserRef = bob): MessageChange => ({ type: 'reaction.added', messageId: idOf(target), emoji, user });
const removed = (target: number, emoji: string, user: UserRef = bob): MessageChange => ({ type: 'reaction.removed', messageId: idOf(target), emoji, user });
const edited = (target: number, body: string, editedAt = '2026-11-24T10:05:00.000Z'): MessageChange => ({ type: 'message.edited', messageId: idOf(target), body, editedAt, by: ann });
const deleted = (target: number): MessageChange => ({ type: 'message.deleted', messageId: idOf(target), deletedAt: '2026-11-24T10:06:00.000Z', by: ann });

describe('applyChange', () => {
  it('sets the new body, the edit time and the mentions of an edit', () => {
    const m = applyChange(msg(1, { mentions: [bob.id] }), edited(1, 'fixed'));
    expect(m).toEqual({ ...msg(1), body: 'fixed', editedAt: '2026-11-24T10:05:00.000Z' });
    const withMention = applyChange(msg(1), { ...edited(1, 'hi @bob'), mentions: [bob.id] } as MessageChange);
    expect(withMention.mentions).toEqual([bob.id]);
  });

  it('takes @all or @here from an edit, and drops it when the edit no longer has one', () => {
    const all = applyChange(msg(1), { ...edited(1, '@all deploy now'), mentionsAll: 'all' } as MessageChange);
    expect(all.mentionsAll).toBe('all');
    expect(applyChange(all, edited(1, 'deploy now', '2026-11-24T10:07:00.000Z'))).not.toHaveProperty('mentionsAll');
  });

  it('turns a deleted message into a tombstone without attachments, reactions, reply or pin', () => {
    const full = msg(1, {
      kind: 'image',
      body: 'caption',
      attachments: [attachment('a1')],
      reactions: [{ emoji: '👍', count: 1, users: [{ id: bob.id, displayName: 'Bob' }] }],
      replyTo: { id: idOf(0), seq: 0, sender: bob, excerpt: 'q', kind: 'text', deleted: false },
      pinned: true,
    });
    const m = applyChange(full, deleted(1));
    expect(m).toEqual({ ...msg(1, { kind: 'image' }), body: '', deletedAt: '2026-11-24T10:06:00.000Z' });
  });

  it('ignores edits, reactions and pins that reach a tombstone', () => {
    const tomb = applyChange(msg(1), deleted(1));
    expect(applyChange(tomb, edited(1, 'back'))).toBe(tomb);
    expect(applyChange(tomb, added(1, '👍'))).toBe(tomb);
    expect(applyChange(tomb, { type: 'message.pinned', messageId: idOf(1), by: ann })).toBe(tomb);
  });

  it('counts a reaction added twice by the same user once', () => {
    const once = applyChange(msg(1), added(1, '👍'));
    const twice = applyChange(once, added(1, '👍'));
    expect(twice).toBe(once);
    expect(twice.reactions).toEqual([{ emoji: '👍', count: 1, users: [{ id: bob.id, displayName: 'Bob' }] }]);
  });

  it('adds another user to an emoji and keeps emoji in the order they were first used', () => {
    let m = applyChange(msg(1), added(1, '🎉'));
    m = applyChange(m, added(1, '👍'));
    m = applyChange(m, added(1, '🎉', ann));
    expect(m.reactions).toEqual([
      { emoji: '🎉', count: 2, users: [{ id: bob.id, displayName: 'Bob' }, { id: ann.id, displayName: 'Ann' }] },
      { emoji: '👍', count: 1, users: [{ id: bob.id, displayName: 'Bob' }] },
    ]);
  });

  it('treats removing a reaction that is not there as a no-op', () => {
    const m = msg(1);
    expect(applyChange(m, removed(1, '👍'))).toBe(m);
    const other = applyChange(m, added(1, '👍', ann));
    expect(applyChange(other, removed(1, '👍'))).toBe(other);
  });

  it('drops the emoji, then the reactions key, when the last user takes a reaction back', () => {
    const m = applyChange(applyChange(msg(1), added(1, '👍')), removed(1, '👍'));
    expect(m).toEqual(msg(1));
    expect('reactions' in m).toBe(false);
  });

  it('toggles pinned on pin and unpin, and repeats change nothing', () => {
    const pinned = applyChange(msg(1), { type: 'message.pinned', messageId: idOf(1), by: ann });
    expect(pinned.pinned).toBe(true);
    expect(applyChange(pinned, { type: 'message.pinned', messageId: idOf(1), by: ann })).toBe(pinned);
    const unpinned = applyChange(pinned, { type: 'message.unpinned', messageId: idOf(1), by: ann });
    expect('pinned' in unpinned).toBe(false);
  });
});

describe('applyChangeToTimeline', () => {
  it('ignores a change to a message it does not hold', () => {
    const timeline = [msg(5), msg(6)];
    expect(applyChangeToTimeline(timeline, edited(1, 'x'))).toBe(timeline);
    expect(applyChangeToTimeline(timeline, deleted(2))).toBe(timeline);
  });

  it('updates the previews of replies when their original is edited or deleted', () => {
    const reply = msg(2, { replyTo: { id: idOf(1), seq: 1, sender: ann, excerpt: 'm1', kind: 'text', deleted: false } });
    const afterEdit = applyChangeToTimeline([msg(1), reply], edited(1, 'line one\nline two'));
    expect(afterEdit[1]!.replyTo).toMatchObject({ excerpt: 'line one line two', deleted: false });
    const afterDelete = applyChangeToTimeline(afterEdit, deleted(1));
    expect(afterDelete[1]!.replyTo).toMatchObject({ excerpt: '', deleted: true });
  });
});

describe('applyChanges and reapplyHeldChanges', () => {
  it('applies the changes in a batch that also holds their target', () => {
    const out = applyChanges([], []);
    expect(out).toEqual([]);
    const timeline = [msg(1), change(2, added(1, '👍')), change(3, edited(1, 'new'))];
    const applied = applyChanges(timeline, timeline);
    expect(applied[0]).toMatchObject({ body: 'new', reactions: [{ emoji: '👍', count: 1 }] });
  });

  it('re-applies held changes to a fresh copy that missed them, ending in the newest state', () => {
    // The page left the server before reaction 11 and edit 12 were stored; they arrived while it travelled.
    const held = [change(10, added(1, '👍')), change(11, added(1, '🎉')), change(12, edited(1, 'v2'))];
    const stale = msg(1, { reactions: [{ emoji: '👍', count: 1, users: [{ id: bob.id, displayName: 'Bob' }] }] });
    const out = reapplyHeldChanges([stale, ...held], [stale], 12);
    expect(out[0]).toMatchObject({ body: 'v2', reactions: [{ emoji: '👍', count: 1 }, { emoji: '🎉', count: 1 }] });
  });

  it('leaves a fresh copy alone when it already shows the held changes', () => {
    const fresh = msg(1, { body: 'v2', editedAt: '2026-11-24T10:05:00.000Z' });
    const timeline = [fresh, change(2, edited(1, 'v2'))];
    expect(reapplyHeldChanges(timeline, [fresh], 2)).toBe(timeline);
  });

  it('does not re-apply changes held before a hole, which later changes may have overtaken', () => {
    // Seqs 1-3 are a detached stretch (a jump); the live run starts at 50. The page copy is current.
    const fresh = msg(1, { body: 'v3', editedAt: '2026-11-24T11:00:00.000Z' });
    const timeline = [fresh, msg(2), change(3, edited(1, 'v2')), msg(50), msg(51)];
    expect(reapplyHeldChanges(timeline, [fresh], 51)).toBe(timeline);
  });
});

describe('replyExcerpt', () => {
  it('joins lines and keeps at most 140 code points', () => {
    expect(replyExcerpt('  a\n\n b  ')).toBe('a b');
    expect(Array.from(replyExcerpt('😀'.repeat(200)))).toHaveLength(140);
  });
});
