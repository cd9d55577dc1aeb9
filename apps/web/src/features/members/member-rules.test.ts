import type { Member, RoomRole } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { permissionsOver, sortMembers } from './member-rules';

const member = (id: string, role: RoomRole, displayName = id): Member => ({
  user: { id, username: id, displayName },
  role,
  joinedAt: '2026-11-24T00:00:00.000Z',
  online: false,
  statusText: '',
});

describe('sortMembers', () => {
  it('puts online people first, then owner, admins and members, then names', () => {
    const online = new Set(['m1', 'a1']);
    const sorted = sortMembers(
      [member('m2', 'member', 'Zed'), member('o', 'owner'), member('m1', 'member', 'Amy'), member('a2', 'admin'), member('a1', 'admin'), member('m3', 'member', 'Bob')],
      (m) => online.has(m.user.id),
    );
    expect(sorted.map((m) => m.user.id)).toEqual(['a1', 'm1', 'o', 'a2', 'm3', 'm2']);
  });
});

describe('permissionsOver', () => {
  it('lets the owner promote members, demote admins, and remove or ban both', () => {
    expect(permissionsOver('owner', 'o', member('m', 'member'))).toEqual({ promote: true, demote: false, remove: true, ban: true });
    expect(permissionsOver('owner', 'o', member('a', 'admin'))).toEqual({ promote: false, demote: true, remove: true, ban: true });
  });

  it('lets an admin remove or ban members only, and never change roles', () => {
    expect(permissionsOver('admin', 'a', member('m', 'member'))).toEqual({ promote: false, demote: false, remove: true, ban: true });
    expect(permissionsOver('admin', 'a', member('a2', 'admin'))).toEqual({ promote: false, demote: false, remove: false, ban: false });
  });

  it('gives nobody power over the owner or themselves, and members nothing', () => {
    const none = { promote: false, demote: false, remove: false, ban: false };
    expect(permissionsOver('admin', 'a', member('o', 'owner'))).toEqual(none);
    expect(permissionsOver('owner', 'o', member('o', 'owner'))).toEqual(none);
    expect(permissionsOver('admin', 'a', member('a', 'admin'))).toEqual(none);
    expect(permissionsOver('member', 'm', member('m2', 'member'))).toEqual(none);
    expect(permissionsOver(null, 'x', member('m2', 'member'))).toEqual(none);
  });
});
