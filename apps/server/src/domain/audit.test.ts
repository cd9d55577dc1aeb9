import { describe, expect, it } from 'vitest';
import { sanitizeDetails } from './audit.js';

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
