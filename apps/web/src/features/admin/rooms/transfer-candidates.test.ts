import { describe, expect, it } from 'vitest';
import type { AdminRoom, Member } from '@parley/protocol';
import { ApiError } from '../../../api/api-error';
import { adminRoomLabel, transferCandidates } from './transfer-candidates';

const ref = (id: string, username: string) => ({ id, username, displayName: username });
const room: AdminRoom = {
  id: '00000000-0000-4000-8000-0000000000aa',
  name: 'ops',
  description: '',
  visibility: 'private',
  type: 'room',
  owner: ref('00000000-0000-4000-8000-000000000001', 'owner'),
  memberCount: 3,
  messageCount: 10,
  lastMessageAt: null,
  createdAt: '2026-01-01T00:00:00.000Z',
};
const member = (id: string, username: string, role: Member['role']): Member => ({ user: ref(id, username), role, joinedAt: room.createdAt, online: false, statusText: '' });

describe('transfer candidates', () => {
  it('lists the members other than the owner when the admin may read the member list', async () => {
    const list = async () => [member('00000000-0000-4000-8000-000000000001', 'owner', 'owner'), member('00000000-0000-4000-8000-000000000002', 'ann', 'member')];
    expect(await transferCandidates(room, list)).toEqual({ kind: 'members', members: [ref('00000000-0000-4000-8000-000000000002', 'ann')] });
  });

  it('falls back to picking any user when a private room hides its members', async () => {
    const list = () => Promise.reject(new ApiError('room_not_found', 'nope', 404));
    expect(await transferCandidates(room, list)).toEqual({ kind: 'pick-user' });
  });

  it('passes any other failure on', async () => {
    const list = () => Promise.reject(new ApiError('network', 'down', 0));
    await expect(transferCandidates(room, list)).rejects.toMatchObject({ code: 'network' });
  });

  it('names a direct conversation without a name of its own', () => {
    expect(adminRoomLabel({ ...room, type: 'direct', name: '' }, 'Direct message')).toBe('Direct message');
    expect(adminRoomLabel(room, 'Direct message')).toBe('ops');
  });
});
