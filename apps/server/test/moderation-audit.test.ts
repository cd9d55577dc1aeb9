import type { AuditEntry, AuditPage, Invite } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from './helpers/api.js';
import { userRef } from './helpers/bodies.js';
import { cast } from './helpers/cast.js';
import { startServer, type TestServer } from './helpers/start-server.js';

// Every moderation change leaves one audit entry, readable by the room's owner; refusals and no-ops leave none.
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const call = <T = unknown>(method: string, path: string, token: string, body?: unknown) => api<T>(server.url, method, path, { token, body });
const entry = (e: Partial<AuditEntry>) => ({ id: expect.any(String), at: expect.any(String), actor: null, roomId: null, target: null, ip: null, details: {}, ...e });
const MODERATION = new Set(['room.member_banned', 'room.member_unbanned', 'room.owner_transferred', 'invite.revoked']);

describe('moderation in the audit log', () => {
  it('records a ban, a pre-emptive ban, an unban, an invite revocation and a transfer, newest first', async () => {
    const { owner, admin, member, outsider, room } = await cast(server.url, 'private');
    await call('PUT', `/api/rooms/${room.id}/bans/${member.user.id}`, admin.accessToken, { reason: 'spam' });
    await call('PUT', `/api/rooms/${room.id}/bans/${member.user.id}`, owner.accessToken, { reason: 'again' }); // a no-op
    await call('PUT', `/api/rooms/${room.id}/bans/${outsider.user.id}`, owner.accessToken);
    await call('DELETE', `/api/rooms/${room.id}/bans/${outsider.user.id}`, admin.accessToken);
    await call('DELETE', `/api/rooms/${room.id}/bans/${outsider.user.id}`, admin.accessToken); // ban_not_found
    const invite = await call<Invite>('POST', `/api/rooms/${room.id}/invites`, owner.accessToken, {});
    await call('DELETE', `/api/rooms/${room.id}/invites/${invite.body.id}`, admin.accessToken);
    await call('POST', `/api/rooms/${room.id}/transfer`, admin.accessToken, { userId: owner.user.id }); // refused
    await call('POST', `/api/rooms/${room.id}/transfer`, owner.accessToken, { userId: admin.user.id });

    // The new owner reads the room's log.
    const log = await call<AuditPage>('GET', `/api/rooms/${room.id}/audit?limit=100`, admin.accessToken);
    expect(log.status).toBe(200);
    const base = { roomId: room.id };
    expect(log.body.entries.filter((e) => MODERATION.has(e.action))).toEqual([
      entry({ ...base, action: 'room.owner_transferred', actor: userRef(owner), target: userRef(admin) }),
      entry({ ...base, action: 'invite.revoked', actor: userRef(admin), details: { inviteId: invite.body.id } }),
      entry({ ...base, action: 'room.member_unbanned', actor: userRef(admin), target: userRef(outsider) }),
      entry({ ...base, action: 'room.member_banned', actor: userRef(owner), target: userRef(outsider), details: { role: 'not a member', reason: null } }),
      entry({ ...base, action: 'room.member_banned', actor: userRef(admin), target: userRef(member), details: { role: 'member', reason: 'spam' } }),
    ]);
  });
});
