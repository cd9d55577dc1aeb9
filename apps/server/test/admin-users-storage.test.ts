import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { createAdminUserService } from '../src/domain/admin-users.js';
import type { AuditEvent } from '../src/domain/audit.js';
import { createPasswordResetService } from '../src/domain/password-resets.js';
import { createSessionService } from '../src/domain/sessions.js';
import { openStore } from '../src/storage/db.js';
import type { Store } from '../src/storage/types.js';
import { DIALECTS, type ScratchDatabase } from './helpers/dialects.js';

for (const dialect of DIALECTS) {
  describe.skipIf(!dialect.available)(`admin user storage on ${dialect.name}`, () => {
    let db: ScratchDatabase;
    let store: Store;
    /**
     * A second pool on the same database, for races between two writers. better-sqlite3 blocks the
     * thread on a lock, so two SQLite connections in one process would only time out: there the race
     * runs on the one connection (Kysely's SQLite driver runs its transactions one at a time), and
     * across processes (the CLI beside a server) SQLite's file lock serializes the writers.
     */
    let other: Store;
    let t = 1_700_000_000_000;
    beforeAll(async () => {
      db = await dialect.create();
      store = (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
      other = dialect.name === 'sqlite' ? store : (await openStore({ databaseUrl: db.url, dataDir: '/nonexistent' })).store;
    });
    afterAll(async () => {
      if (other !== store) await other?.close();
      await store?.close();
      await db?.drop();
    });

    async function newUser(username = `u${randomUUID().slice(0, 8)}`, displayName = username): Promise<string> {
      const id = randomUUID();
      t += 1000;
      await store.users.create({ id, username, displayName, bio: '', statusText: '', passwordHash: 'x', createdAt: t, avatarSmall: null, avatarLarge: null });
      return id;
    }

    function service(s: Store, events: AuditEvent[] = []) {
      const audit = { record: async (e: AuditEvent) => void events.push(e) };
      const bus = new MemoryBus(() => undefined);
      const sessions = createSessionService({ store: s, bus, clock: () => t, audit });
      const passwords = { hash: async (p: string) => `h:${p}`, verify: async (h: string, p: string) => h === `h:${p}` };
      const resets = createPasswordResetService({ store: s, clock: () => t, passwords, passwordPolicy: { check: () => undefined }, sessions, audit });
      return createAdminUserService({ store: s, bus, clock: () => t, audit, resets, isOnline: () => false });
    }

    it('finds users by any part of the username or display name, folded alike on every engine', async () => {
      const tag = randomUUID().slice(0, 6);
      const zh = await newUser(`zh_${tag}`, `张伟${tag}`);
      const umlaut = await newUser(`ae_${tag}`, `ÄRGER ${tag}`);
      const plain = await newUser(`Plain_${tag}`, `Someone ${tag}`);
      const ids = async (search: string) => (await store.adminUsers.list({ search, filter: 'all', limit: 50 })).map((u) => u.id);
      expect(await ids(`张伟${tag}`)).toEqual([zh]);
      expect(await ids(`ärger ${tag}`)).toEqual([umlaut]);
      expect(await ids(`plain_${tag}`)).toEqual([plain]);
      expect(await ids(tag)).toEqual([zh, umlaut, plain]);
      // LIKE's wildcards and the escape character match only themselves.
      expect(await ids(`%${tag}`)).toEqual([]);
      expect(await ids(`_${tag}`)).toEqual([zh, umlaut, plain]);
      expect(await ids(`!_${tag}`)).toEqual([]);
    });

    it('pages oldest account first by keyset and filters admins and disabled accounts', async () => {
      const a = await newUser();
      const b = await newUser();
      const c = await newUser();
      const after = (await store.adminUsers.find(a))!;
      const page = await store.adminUsers.list({ filter: 'all', after: { createdAt: after.createdAt, id: after.id }, limit: 2 });
      expect(page.map((u) => u.id)).toEqual([b, c]);
      await store.adminUsers.setAdmin(b, true);
      await store.adminUsers.setDisabled(c, true, t);
      expect((await store.adminUsers.list({ filter: 'admins', limit: 100 })).map((u) => u.id)).toContain(b);
      expect((await store.adminUsers.list({ filter: 'admins', limit: 100 })).map((u) => u.id)).not.toContain(c);
      expect((await store.adminUsers.list({ filter: 'disabled', limit: 100 })).map((u) => u.id)).toEqual([c]);
      expect(await store.adminUsers.find(c)).toMatchObject({ disabledAt: t, isAdmin: false, passwordChangeRequired: false });
      await store.adminUsers.setDisabled(c, false, t);
    });

    it('reports the newest use of any session as lastActiveAt, null before the first sign-in', async () => {
      const id = await newUser();
      expect((await store.adminUsers.find(id))?.lastActiveAt).toBeNull();
      for (const lastUsedAt of [t - 5000, t - 100, t - 9000]) {
        await store.sessions.create({ id: randomUUID(), userId: id, createdAt: t - 10_000, lastUsedAt, expiresAt: t + 1e6, userAgent: '', ip: '' });
      }
      expect((await store.adminUsers.find(id))?.lastActiveAt).toBe(t - 100);
    });

    it('lists the sessions and access tokens revoked since a moment, and nothing revoked before it', async () => {
      const id = await newUser();
      const [early, late] = [randomUUID(), randomUUID()];
      for (const sid of [early, late]) await store.sessions.create({ id: sid, userId: id, createdAt: t, lastUsedAt: t, expiresAt: t + 1e6, userAgent: '', ip: '' });
      await store.sessions.revoke(id, [early], null, t + 10);
      await store.sessions.revoke(id, [late], null, t + 20);
      const tokenId = randomUUID();
      await store.accessTokens.createWithin({ id: tokenId, userId: id, name: 'bot', tokenHash: randomUUID().replace(/-/g, '').padEnd(64, '0'), scopes: ['read'], createdAt: t, lastUsedAt: null, expiresAt: null }, 50, t);
      expect(await store.adminUsers.revokeAccessTokens(id, t + 30)).toEqual([tokenId]);
      expect(await store.adminUsers.revokeAccessTokens(id, t + 40)).toEqual([]);
      const since = (await store.adminUsers.listRevokedSince(t + 15)).filter((r) => r.userId === id);
      expect(since.sort((x, y) => x.kind.localeCompare(y.kind))).toEqual([
        { kind: 'access_token', id: tokenId, userId: id },
        { kind: 'session', id: late, userId: id },
      ]);
    });

    it('spends a reset link once, never after it expired, and retires older links', async () => {
      const id = await newUser();
      const tag = randomUUID().replace(/-/g, '');
      const [h1, h2, h3] = [`${tag}1`.padEnd(64, '0'), `${tag}2`.padEnd(64, '0'), `${tag}3`.padEnd(64, '0')];
      await store.passwordResets.create({ id: randomUUID(), userId: id, tokenHash: h1, createdBy: null, createdAt: t, expiresAt: t + 1000 });
      expect(await store.passwordResets.findLiveUserId(h1, t)).toBe(id);
      expect(await store.passwordResets.findLiveUserId(h1, t + 1000)).toBeUndefined();
      expect(await store.passwordResets.spend(h1, t + 1000)).toBe(false);
      expect(await store.passwordResets.spend(h1, t + 1)).toBe(true);
      expect(await store.passwordResets.spend(h1, t + 2)).toBe(false);
      await store.passwordResets.create({ id: randomUUID(), userId: id, tokenHash: h2, createdBy: null, createdAt: t, expiresAt: t + 1000 });
      await store.passwordResets.retireForUser(id, t + 3);
      await store.passwordResets.create({ id: randomUUID(), userId: id, tokenHash: h3, createdBy: null, createdAt: t, expiresAt: t + 1000 });
      expect(await store.passwordResets.findLiveUserId(h2, t + 4)).toBeUndefined();
      expect(await store.passwordResets.findLiveUserId(h3, t + 4)).toBe(id);
    });

    it('lets only one of two admins demoting each other at once win', async () => {
      // Leave exactly these two as the enabled admins.
      for (const u of await store.adminUsers.list({ filter: 'admins', limit: 100 })) await store.adminUsers.setAdmin(u.id, false);
      const [x, y] = [await newUser(), await newUser()];
      await store.adminUsers.setAdmin(x, true);
      await store.adminUsers.setAdmin(y, true);
      const ref = (id: string) => ({ id, username: id, displayName: id });
      for (let round = 0; round < 5; round++) {
        const results = await Promise.allSettled([service(store).setAdmin(ref(x), y, false), service(other).setAdmin(ref(y), x, false)]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((r) => (r.reason as { code?: string }).code)).toEqual(['last_admin']);
        expect(await store.adminUsers.countEnabledAdmins('nobody')).toBe(1);
        await store.adminUsers.setAdmin(x, true);
        await store.adminUsers.setAdmin(y, true);
      }
    });

    it('refuses the command line (no actor) disabling or demoting the last enabled admin, and audits it as cli', async () => {
      for (const u of await store.adminUsers.list({ filter: 'admins', limit: 100 })) await store.adminUsers.setAdmin(u.id, false);
      const only = await newUser();
      await store.adminUsers.setAdmin(only, true);
      const events: AuditEvent[] = [];
      const cli = service(store, events);
      await expect(cli.setDisabled(null, only, true)).rejects.toMatchObject({ code: 'last_admin' });
      await expect(cli.setAdmin(null, only, false)).rejects.toMatchObject({ code: 'last_admin' });
      const other = await newUser();
      expect(await cli.setAdmin(null, other, true)).toMatchObject({ id: other, isAdmin: true });
      expect(await cli.setDisabled(null, only, true)).toMatchObject({ id: only, disabled: true, isAdmin: true });
      expect(events.map((e) => [e.action, e.actorId, e.targetUserId, e.details?.via])).toEqual([
        ['admin.user_promoted', null, other, 'cli'],
        ['admin.user_disabled', null, only, 'cli'],
      ]);
      expect((await cli.findByUsername((await store.users.findById(only))!.username.toUpperCase()))?.id).toBe(only);
    });

    it('never lets a disable and a demotion together leave no enabled admin', async () => {
      for (const u of await store.adminUsers.list({ filter: 'admins', limit: 100 })) await store.adminUsers.setAdmin(u.id, false);
      const [x, y] = [await newUser(), await newUser()];
      await store.adminUsers.setAdmin(x, true);
      await store.adminUsers.setAdmin(y, true);
      const ref = (id: string) => ({ id, username: id, displayName: id });
      const results = await Promise.allSettled([service(store).setDisabled(ref(x), y, true), service(other).setAdmin(ref(y), x, false)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await store.adminUsers.countEnabledAdmins('nobody')).toBe(1);
    });
  });
}
