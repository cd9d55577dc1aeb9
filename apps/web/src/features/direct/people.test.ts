import { describe, expect, it } from 'vitest';
import { filterPeople, mergePeople } from './people';

const p = (id: string, username: string, displayName: string) => ({ user: { id, username, displayName } });
const alice = p('a', 'alice', 'Alice');
const sal = p('s', 'sal', 'Sal Lam');
const zw = p('z', 'zhangwei', '张伟');
const me = p('m', 'me', 'Me');

describe('people to message', () => {
  it('merges member lists into one entry per user, without me, by display name', () => {
    expect(mergePeople([[sal, me, alice], [alice, zw]], 'm', 'en').map((x) => x.user.id)).toEqual(['a', 's', 'z']);
  });

  it('filters by name or username, prefix matches first', () => {
    expect(filterPeople([sal, alice, zw], 'AL').map((x) => x.user.id)).toEqual(['a', 's']);
    expect(filterPeople([sal, alice, zw], '伟').map((x) => x.user.id)).toEqual(['z']);
    expect(filterPeople([sal, alice, zw], 'zhang').map((x) => x.user.id)).toEqual(['z']);
    expect(filterPeople([sal, alice], '  ')).toHaveLength(2);
  });
});
