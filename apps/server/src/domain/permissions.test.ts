import { describe, expect, it } from 'vitest';
import { canBan, canDeleteRoom, canKick, canLeave, canManageRoom, canModerate, canSetRole, canTransferOwnership } from './permissions.js';

describe('room permissions', () => {
  it('lets owners and admins manage, and members not', () => {
    expect([canManageRoom('owner'), canManageRoom('admin'), canManageRoom('member')]).toEqual([true, true, false]);
  });
  it('lets only the owner delete', () => {
    expect([canDeleteRoom('owner'), canDeleteRoom('admin'), canDeleteRoom('member')]).toEqual([true, false, false]);
  });
  it('lets only the owner change roles, never of the owner', () => {
    expect(canSetRole('owner', 'member')).toBe(true);
    expect(canSetRole('owner', 'admin')).toBe(true);
    expect(canSetRole('owner', 'owner')).toBe(false);
    expect(canSetRole('admin', 'member')).toBe(false);
    expect(canSetRole('member', 'member')).toBe(false);
  });
  it('lets the owner kick anyone but the owner, admins only members', () => {
    expect(canKick('owner', 'admin')).toBe(true);
    expect(canKick('owner', 'member')).toBe(true);
    expect(canKick('owner', 'owner')).toBe(false);
    expect(canKick('admin', 'member')).toBe(true);
    expect(canKick('admin', 'admin')).toBe(false);
    expect(canKick('admin', 'owner')).toBe(false);
    expect(canKick('member', 'member')).toBe(false);
  });
  it('lets the owner ban admins, members and non-members, admins only members and non-members, nobody the owner', () => {
    expect([canBan('owner', 'admin'), canBan('owner', 'member'), canBan('owner', null), canBan('owner', 'owner')]).toEqual([true, true, true, false]);
    expect([canBan('admin', 'admin'), canBan('admin', 'member'), canBan('admin', null), canBan('admin', 'owner')]).toEqual([false, true, true, false]);
    expect([canBan('member', 'member'), canBan('member', null), canBan('member', 'admin')]).toEqual([false, false, false]);
  });
  it('lets owners and admins moderate bans and invites, and members not', () => {
    expect([canModerate('owner'), canModerate('admin'), canModerate('member')]).toEqual([true, true, false]);
  });
  it('lets only the owner transfer ownership', () => {
    expect([canTransferOwnership('owner'), canTransferOwnership('admin'), canTransferOwnership('member')]).toEqual([true, false, false]);
  });
  it('keeps the owner from leaving', () => {
    expect([canLeave('owner'), canLeave('admin'), canLeave('member')]).toEqual([false, true, true]);
  });
});
