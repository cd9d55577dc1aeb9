import { describe, expect, it } from 'vitest';
import { adminHash, parseAdminHash, tabAfterKey } from './admin-tabs';

describe('parseAdminHash', () => {
  it('opens the named tab', () => {
    expect(parseAdminHash('#/admin/settings')).toBe('settings');
    expect(parseAdminHash(adminHash('audit'))).toBe('audit');
    expect(parseAdminHash('#/admin/users/')).toBe('users');
  });

  it('opens the dashboard for the bare console link and an unknown tab', () => {
    expect(parseAdminHash('#/admin')).toBe('dashboard');
    expect(parseAdminHash('#/admin/')).toBe('dashboard');
    expect(parseAdminHash('#/admin/nope')).toBe('dashboard');
  });

  it('leaves every other fragment alone, an invite code included', () => {
    for (const hash of ['', '#', '#abc123', '#/administrator', '#/admin/settings/x', '#/rooms']) expect(parseAdminHash(hash)).toBeUndefined();
  });
});

describe('tabAfterKey', () => {
  it('moves with the arrows, wrapping, and jumps with Home and End', () => {
    expect(tabAfterKey('dashboard', 'ArrowRight')).toBe('users');
    expect(tabAfterKey('dashboard', 'ArrowLeft')).toBe('audit');
    expect(tabAfterKey('audit', 'ArrowRight')).toBe('dashboard');
    expect(tabAfterKey('rooms', 'Home')).toBe('dashboard');
    expect(tabAfterKey('rooms', 'End')).toBe('audit');
    expect(tabAfterKey('rooms', 'Enter')).toBeUndefined();
  });
});
