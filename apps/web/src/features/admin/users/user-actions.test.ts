import { describe, expect, it } from 'vitest';
import type { AdminUser } from '@parley/protocol';
import { resetLinkUrl, userActions } from './user-actions';

const user = (u: Partial<AdminUser>): AdminUser => ({
  id: '00000000-0000-4000-8000-000000000002',
  username: 'bob',
  displayName: 'Bob',
  bio: '',
  statusText: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  isAdmin: false,
  disabled: false,
  lastActiveAt: null,
  online: false,
  ...u,
});
const ME = '00000000-0000-4000-8000-000000000001';

describe('admin user actions', () => {
  it('offers disable, promote and a password reset for an active member', () => {
    expect(userActions(user({}), ME)).toEqual(['disable', 'promote', 'reset-password']);
  });

  it('offers enable and demote for a disabled admin', () => {
    expect(userActions(user({ disabled: true, isAdmin: true }), ME)).toEqual(['enable', 'demote', 'reset-password']);
  });

  it('offers nothing on the admin’s own row', () => {
    expect(userActions(user({ id: ME, isAdmin: true }), ME)).toEqual([]);
  });
});

describe('reset link address', () => {
  it('prefixes the server’s path with this origin', () => {
    expect(resetLinkUrl('https://chat.example.org', '/reset-password#abc_DEF-123')).toBe('https://chat.example.org/reset-password#abc_DEF-123');
  });

  it('refuses a link that points at another site or page', () => {
    expect(() => resetLinkUrl('https://chat.example.org', 'https://evil.example/reset-password#x')).toThrow();
    expect(() => resetLinkUrl('https://chat.example.org', '//evil.example/reset-password#x')).toThrow();
    expect(() => resetLinkUrl('https://chat.example.org', '/rooms#x')).toThrow();
    expect(() => resetLinkUrl('https://chat.example.org', '/reset-password')).toThrow();
  });
});
