import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@parley/protocol';
import { detailsText, personText } from './audit-text';

// A stand-in t(): the key and its options, so each test sees which sentence and values were chosen.
const t = (key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key);
const time = (iso: string) => `at ${iso}`;
const entry = (e: Partial<AuditEntry>): AuditEntry => ({
  id: '00000000-0000-4000-8000-000000000001', at: '2026-01-01T00:00:00.000Z', action: 'room.updated', actor: null, roomId: null, target: null, ip: null, details: {}, ...e,
});

describe('audit text', () => {
  it('names a person by display name and username, and an unauthenticated actor as nobody', () => {
    expect(personText(t, { id: 'x', username: 'li', displayName: '李雷' })).toBe('李雷 (@li)');
    expect(personText(t, null)).toBe('audit.nobody');
  });

  it('explains a failed sign-in with the attempted username and the reason', () => {
    const text = detailsText(t, time, entry({ action: 'auth.login_failed', details: { username: 'bob', reason: 'wrong_password' } }));
    expect(text).toBe(`audit.details.loginFailed ${JSON.stringify({ username: 'bob', reason: 'audit.reason.wrong_password {"defaultValue":"wrong_password"}' })}`);
  });

  it('tells a rename from a description change', () => {
    expect(detailsText(t, time, entry({ details: { oldName: 'a', name: 'b', descriptionChanged: false } }))).toBe(`audit.details.renamed ${JSON.stringify({ from: 'a', to: 'b' })}`);
    expect(detailsText(t, time, entry({ details: { descriptionChanged: true } }))).toBe('audit.details.descriptionChanged');
  });

  it('formats an invite expiry with the given time formatter', () => {
    expect(detailsText(t, time, entry({ action: 'invite.created', details: { expiresAt: '2026-02-01T00:00:00.000Z' } }))).toBe(
      `audit.details.inviteExpires ${JSON.stringify({ at: 'at 2026-02-01T00:00:00.000Z' })}`,
    );
  });

  it('shows the details of an action it has no sentence for as plain pairs', () => {
    expect(detailsText(t, time, entry({ action: 'room.member_banned', details: { reason: '<b>spam</b>', days: 3 } }))).toBe('reason: <b>spam</b>, days: 3');
  });
});

describe('audit text of admin actions', () => {
  it('counts what disabling an account ended', () => {
    expect(detailsText(t, time, entry({ action: 'admin.user_disabled', details: { sessionsEnded: 2, patsRevoked: 1 } }))).toBe(
      `audit.details.userDisabled ${JSON.stringify({ sessions: '2', tokens: '1' })}`,
    );
  });

  it('tells a reset link from a temporary password', () => {
    expect(detailsText(t, time, entry({ action: 'admin.password_reset', details: { mode: 'link', sessionsEnded: 0 } }))).toBe('audit.details.resetLink');
    expect(detailsText(t, time, entry({ action: 'admin.password_reset', details: { mode: 'temporary', sessionsEnded: 3 } }))).toBe(
      `audit.details.resetTemporary ${JSON.stringify({ sessions: '3' })}`,
    );
  });

  it('names a deleted room and whether it was private', () => {
    expect(detailsText(t, time, entry({ action: 'admin.room_deleted', details: { name: 'ops', visibility: 'private' } }))).toBe(
      `audit.details.roomDeleted ${JSON.stringify({ name: 'ops', visibility: 'rooms.private' })}`,
    );
  });

  it('tells a new admin account from an existing one made admin', () => {
    expect(detailsText(t, time, entry({ action: 'admin.created', details: { via: 'cli', account: 'new' } }))).toBe('audit.details.createdNew · audit.details.viaCli');
    expect(detailsText(t, time, entry({ action: 'admin.created', details: { via: 'cli', account: 'existing' } }))).toBe('audit.details.createdExisting · audit.details.viaCli');
  });

  it('says when the command line did it', () => {
    expect(detailsText(t, time, entry({ action: 'admin.user_enabled', details: { via: 'cli' } }))).toBe('audit.details.viaCli');
    expect(detailsText(t, time, entry({ action: 'admin.user_promoted', details: {} }))).toBe('');
  });
});
