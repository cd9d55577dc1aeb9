import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Invite, InstanceSettings, PublicInstance, Room, RoomList } from '@parley/protocol';
import { api, createRoom, registerUser } from './helpers/api.js';
import { errorBody, invalidRequest, type Account } from './helpers/bodies.js';
import { DIALECTS } from './helpers/dialects.js';
import { startServer, type TestServer } from './helpers/start-server.js';
import { png, textBytes, upload } from './helpers/uploads.js';
import { connect } from './helpers/ws-client.js';

// Instance settings on one server: defaults from the config, the admin routes, the audit entry,
// and each setting applied (registration, uploads, the public view and the socket frame).
const CEILING = 64 * 1024;
const DEFAULTS: InstanceSettings = { instanceName: '团队 Chat', registration: 'open', maxUploadBytes: CEILING, allowedFileTypes: ['*/*'], defaultLanguage: 'zh-CN' };

const register = (server: TestServer, username: string, extra: Record<string, unknown> = {}) =>
  api(server.url, 'POST', '/api/auth/register', { body: { username, password: 'correct horse battery', ...extra } });

describe('instance settings', () => {
  let server: TestServer;
  let admin: Account;
  let user: Account;
  const patch = (body: unknown, token = admin.accessToken) => api<InstanceSettings>(server.url, 'PATCH', '/api/admin/settings', { token, body });

  beforeAll(async () => {
    server = await startServer({ instance: { name: '团队 Chat', defaultLanguage: 'zh-CN', registration: 'open' }, uploads: { maxFileBytes: CEILING } });
    admin = await registerUser(server.url, 'admin'); // the first account is the instance admin
    user = await registerUser(server.url, 'user');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves the config defaults to anyone at GET /api/instance, not cached', async () => {
    const res = await fetch(`${server.url}/api/instance`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ name: '团队 Chat', registration: 'open', defaultLanguage: 'zh-CN', maxUploadBytes: CEILING, allowedFileTypes: ['*/*'] });
    expect(await api(server.url, 'GET', '/api/admin/settings', { token: admin.accessToken })).toEqual({ status: 200, body: DEFAULTS });
  });

  it('answers a non-admin 404 and an anonymous caller 401 on the admin routes, whatever the body', async () => {
    for (const [method, sent] of [['GET', undefined], ['PATCH', { registration: 'closed' }], ['PATCH', { nonsense: true }], ['PATCH', {}]] as const) {
      const what = `${method} ${JSON.stringify(sent)}`;
      expect({ what, ...(await api(server.url, method, '/api/admin/settings', { token: user.accessToken, body: sent })) }).toEqual({ what, status: 404, body: errorBody('not_found') });
      expect({ what, ...(await api(server.url, method, '/api/admin/settings', { body: sent })) }).toEqual({ what, status: 401, body: errorBody('unauthenticated') });
    }
    expect((await api<PublicInstance>(server.url, 'GET', '/api/instance')).body.registration).toBe('open');
  });

  it('refuses bad settings, naming the field, and a size above the configured ceiling, naming it', async () => {
    expect(await patch({})).toEqual({ status: 400, body: invalidRequest('at least one') });
    expect(await patch({ colour: 'red' })).toEqual({ status: 400, body: errorBody('invalid_request') });
    expect(await patch({ registration: 'sometimes' })).toEqual({ status: 400, body: invalidRequest('registration') });
    expect(await patch({ allowedFileTypes: ['<script>'] })).toEqual({ status: 400, body: invalidRequest('allowedFileTypes') });
    expect(await patch({ allowedFileTypes: [] })).toEqual({ status: 400, body: invalidRequest('allowedFileTypes') });
    expect(await patch({ instanceName: 'x'.repeat(65) })).toEqual({ status: 400, body: invalidRequest('instanceName') });
    expect(await patch({ instanceName: 'evil\u202Egnp.exe' })).toEqual({ status: 400, body: invalidRequest('instanceName') });
    expect(await patch({ maxUploadBytes: 100 })).toEqual({ status: 400, body: invalidRequest('maxUploadBytes') });
    expect(await patch({ maxUploadBytes: CEILING + 1 })).toEqual({ status: 400, body: errorBody('invalid_request', expect.stringContaining(`${CEILING}`)) });
    expect(await api(server.url, 'GET', '/api/admin/settings', { token: admin.accessToken })).toEqual({ status: 200, body: DEFAULTS });
  });

  it('saves a change, serves it at once, tells signed-in sockets, and audits old → new', async () => {
    const socket = await connect(server.wsUrl, user.accessToken);
    const res = await patch({ instanceName: 'Acme 聊天 🚀', defaultLanguage: 'en', allowedFileTypes: ['image/*', 'text/plain'] });
    const saved = { ...DEFAULTS, instanceName: 'Acme 聊天 🚀', defaultLanguage: 'en', allowedFileTypes: ['image/*', 'text/plain'] };
    expect(res).toEqual({ status: 200, body: saved });
    const view = { name: 'Acme 聊天 🚀', registration: 'open', defaultLanguage: 'en', maxUploadBytes: CEILING, allowedFileTypes: ['image/*', 'text/plain'] };
    expect(await socket.next('instance.updated')).toEqual({ type: 'instance.updated', instance: view });
    expect(await api(server.url, 'GET', '/api/instance')).toEqual({ status: 200, body: view });
    const audit = await api<AuditPage>(server.url, 'GET', '/api/admin/audit?action=admin.settings_updated', { token: admin.accessToken });
    expect(audit.body.entries).toEqual([
      expect.objectContaining({
        action: 'admin.settings_updated',
        actor: expect.objectContaining({ id: admin.user.id }),
        details: { instanceName: '团队 Chat → Acme 聊天 🚀', defaultLanguage: 'zh-CN → en', allowedFileTypes: '*/* → image/*, text/plain' },
      }),
    ]);
    // Saving the same values again changes nothing: no frame, no second audit entry.
    expect(await patch({ instanceName: 'Acme 聊天 🚀' })).toEqual({ status: 200, body: saved });
    const again = await api<AuditPage>(server.url, 'GET', '/api/admin/audit?action=admin.settings_updated', { token: admin.accessToken });
    expect(again.body.entries).toHaveLength(1);
    await socket.close();
    expect(socket.frames.filter((f) => f.type === 'instance.updated')).toHaveLength(1);
  });

  it('applies the upload size and the allowed types to the next upload, avatars included', async () => {
    expect((await patch({ maxUploadBytes: 4096, allowedFileTypes: ['image/*'] })).status).toBe(200);
    expect(await upload(server.url, user.accessToken, Buffer.alloc(5000, 'a'), 'big.txt')).toEqual({ status: 413, body: errorBody('payload_too_large', expect.stringContaining('limit')) });
    expect(await upload(server.url, user.accessToken, textBytes(), 'note.txt')).toEqual({ status: 415, body: errorBody('unsupported_media_type') });
    expect((await upload(server.url, user.accessToken, await png(8, 8), 'dot.png')).status).toBe(201);
    expect((await upload(server.url, user.accessToken, await png(8, 8), 'me.png', '/api/me/avatar', 'PUT')).status).toBe(200);
    expect((await patch({ maxUploadBytes: CEILING, allowedFileTypes: ['*/*'] })).status).toBe(200);
    expect((await upload(server.url, user.accessToken, Buffer.alloc(5000, 'a'), 'big.txt')).status).toBe(201);
  });

  describe('registration', () => {
    let room: Room;
    let invite: Invite;
    beforeAll(async () => {
      room = await createRoom(server.url, admin.accessToken, { name: 'welcome', visibility: 'private' });
      invite = (await api<Invite>(server.url, 'POST', `/api/rooms/${room.id}/invites`, { token: admin.accessToken, body: {} })).body;
    });

    it('refuses every new account while closed, even one holding an invite', async () => {
      expect((await patch({ registration: 'closed' })).status).toBe(200);
      expect(await register(server, 'closed_1')).toEqual({ status: 403, body: errorBody('registration_closed') });
      expect(await register(server, 'closed_2', { inviteCode: invite.code })).toEqual({ status: 403, body: errorBody('registration_closed') });
      expect((await api<PublicInstance>(server.url, 'GET', '/api/instance')).body.registration).toBe('closed');
    });

    it('asks for a live invite while invite-only, and puts the new account in its room', async () => {
      expect((await patch({ registration: 'invite-only' })).status).toBe(200);
      expect(await register(server, 'invited_0')).toEqual({ status: 403, body: errorBody('invite_required') });
      expect(await register(server, 'invited_0', { inviteCode: 'not-a-real-code' })).toEqual({ status: 403, body: errorBody('invite_required') });
      const res = await register(server, 'invited_1', { inviteCode: invite.code });
      expect(res.status).toBe(201);
      const token = (res.body as { accessToken: string }).accessToken;
      const rooms = await api<RoomList>(server.url, 'GET', '/api/rooms', { token });
      expect(rooms.body.rooms.map((r) => r.id)).toEqual([room.id]);
      // A revoked invite opens nothing any more.
      await api(server.url, 'DELETE', `/api/rooms/${room.id}/invites/${invite.id}`, { token: admin.accessToken });
      expect(await register(server, 'invited_2', { inviteCode: invite.code })).toEqual({ status: 403, body: errorBody('invite_required') });
    });

    it('lets anyone register while open, and reports a dead invite instead of ignoring it', async () => {
      expect((await patch({ registration: 'open' })).status).toBe(200);
      expect((await register(server, 'open_1')).status).toBe(201);
      expect(await register(server, 'open_2', { inviteCode: invite.code })).toEqual({ status: 403, body: errorBody('invite_required') });
    });
  });
});

describe('instance settings across restarts', () => {
  it('keeps saved settings over a restart, and lets a lowered ceiling win over a saved size', async () => {
    const sqlite = DIALECTS.find((d) => d.name === 'sqlite')!;
    const db = await sqlite.create();
    try {
      const first = await startServer({ databaseUrl: db.url, instance: { name: 'Before', defaultLanguage: 'en', registration: 'closed' }, uploads: { maxFileBytes: 1_000_000 } });
      try {
        // With no account at all, registration is open whatever the setting: the first admin must be able to exist.
        expect((await register(first, 'founder')).status).toBe(201);
        expect(await register(first, 'second')).toEqual({ status: 403, body: errorBody('registration_closed') });
        const login = await api<{ accessToken: string }>(first.url, 'POST', '/api/auth/login', { body: { username: 'founder', password: 'correct horse battery' } });
        const res = await api(first.url, 'PATCH', '/api/admin/settings', { token: login.body.accessToken, body: { maxUploadBytes: 500_000, registration: 'open' } });
        expect(res.status).toBe(200);
      } finally {
        await first.close();
      }
      const second = await startServer({ databaseUrl: db.url, instance: { name: 'After', defaultLanguage: 'zh-CN', registration: 'closed' }, uploads: { maxFileBytes: 100_000 } });
      try {
        // Saved keys win over the new config; keys never saved follow it; the ceiling caps the saved size.
        expect(await api(second.url, 'GET', '/api/instance')).toEqual({
          status: 200,
          body: { name: 'After', registration: 'open', defaultLanguage: 'zh-CN', maxUploadBytes: 100_000, allowedFileTypes: ['*/*'] },
        });
      } finally {
        await second.close();
      }
    } finally {
      await db.drop();
    }
  });
});
