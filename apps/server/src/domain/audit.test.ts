import { describe, expect, it } from 'vitest';
import type { Store } from '../storage/types.js';
import { createAuditLog, sanitizeDetails } from './audit.js';

describe('sanitizeDetails', () => {
  it('drops keys that could carry a credential', () => {
    const details = { password: 'p', newPassword: 'p', refreshToken: 't', inviteCode: 'c', passwordHash: 'h', cookie: 'k', name: 'Room' };
    expect(sanitizeDetails(details)).toEqual({ name: 'Room' });
  });

  it('cuts long strings by code point and keeps other primitives', () => {
    const out = sanitizeDetails({ name: '😀'.repeat(300), n: 3, ok: false, none: null });
    expect([...(out.name as string)]).toHaveLength(200);
    expect(out).toMatchObject({ n: 3, ok: false, none: null });
  });

  it('keeps at most 16 keys', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(sanitizeDetails(many))).toHaveLength(16);
  });
});

describe('createAuditLog', () => {
  it('reports a failed write instead of failing the change it describes', async () => {
    const boom = new Error('disk full');
    const store = { audit: { insert: () => Promise.reject(boom), list: () => Promise.resolve([]) } } as unknown as Store;
    const errors: unknown[] = [];
    const log = createAuditLog({ store, clock: () => 1, onError: (err, action) => errors.push([err, action]) });
    await expect(log.record({ action: 'room.deleted', actorId: 'a' })).resolves.toBeUndefined();
    expect(errors).toEqual([[boom, 'room.deleted']]);
  });

  it('writes the sanitized entry with the clock time and nulls for what is absent', async () => {
    const rows: unknown[] = [];
    const store = { audit: { insert: (r: unknown) => Promise.resolve(void rows.push(r)), list: () => Promise.resolve([]) } } as unknown as Store;
    const log = createAuditLog({ store, clock: () => 42, onError: () => undefined });
    await log.record({ action: 'auth.password_changed', actorId: 'u', targetUserId: 'u', details: { newPassword: 'x' } });
    expect(rows).toEqual([{ id: expect.any(String), at: 42, action: 'auth.password_changed', actorId: 'u', roomId: null, targetUserId: 'u', ip: null, details: {} }]);
  });
});
