import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { editVersions } from './edit-versions';

const ann = { id: 'a', username: 'ann', displayName: 'Ann' };
const mod = { id: 'm', username: 'mod', displayName: 'Mod' };
const base: Message = { id: 'x', roomId: 'r', seq: 1, kind: 'text', body: 'v3', event: null, sender: ann, clientMsgId: null, createdAt: '2026-11-24T10:00:00.000Z' };

describe('editVersions', () => {
  it('lists the original, each edit and the current text with when and by whom', () => {
    const edits = [
      { body: 'v1', editedAt: '2026-11-24T10:01:00.000Z', editor: ann, deleted: false },
      { body: 'v2', editedAt: '2026-11-24T10:02:00.000Z', editor: ann, deleted: false },
    ];
    expect(editVersions({ ...base, editedAt: '2026-11-24T10:02:00.000Z' }, edits)).toEqual([
      { kind: 'original', body: 'v1', at: '2026-11-24T10:00:00.000Z' },
      { kind: 'edited', body: 'v2', at: '2026-11-24T10:01:00.000Z', by: ann },
      { kind: 'edited', body: 'v3', at: '2026-11-24T10:02:00.000Z', by: ann },
    ]);
  });

  it('ends with the deletion, keeping what the message said before it', () => {
    const edits = [{ body: 'rude', editedAt: '2026-11-24T10:05:00.000Z', editor: mod, deleted: true }];
    expect(editVersions({ ...base, body: '', deletedAt: '2026-11-24T10:05:00.000Z' }, edits)).toEqual([
      { kind: 'original', body: 'rude', at: '2026-11-24T10:00:00.000Z' },
      { kind: 'deleted', at: '2026-11-24T10:05:00.000Z', by: mod },
    ]);
  });
});
