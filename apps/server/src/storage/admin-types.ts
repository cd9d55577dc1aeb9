import type { RoomType, UserRef } from '@parley/protocol';
import type { RoomRecord, UserRecord } from './types.js';

/** A user as the admin list shows them: the record plus their newest session use. */
export interface AdminUserRow extends UserRecord {
  /** The newest `sessions.last_used_at` of any of their sessions; null if they never signed in. */
  lastActiveAt: number | null;
}

/** Where a keyset page of users starts: after this (created_at, id). */
export interface UserCursor {
  createdAt: number;
  id: string;
}

export interface AdminUserQuery {
  /** Already folded (NFC, lower case); matched anywhere in the username or display name. */
  search?: string;
  filter: 'all' | 'admins' | 'disabled';
  after?: UserCursor;
  limit: number;
}

/** A session or personal access token revoked at `revokedAt`: the revocation sweep's unit. */
export interface RevokedCredential {
  kind: 'session' | 'access_token';
  id: string;
  userId: string;
}

export interface AdminUserRepository {
  /** Oldest account first, by (created_at, id). */
  list(query: AdminUserQuery): Promise<AdminUserRow[]>;
  find(userId: string): Promise<AdminUserRow | undefined>;
  /**
   * Takes the lock every change to the set of enabled admins takes first, so two such changes run one
   * after the other and each counts the admins as the previous one left them. Call inside a transaction.
   */
  lockAdminSet(): Promise<void>;
  /** Enabled instance admins other than `exceptUserId`. */
  countEnabledAdmins(exceptUserId: string): Promise<number>;
  /** Disables (from `at`) or enables the account. False when the user does not exist. */
  setDisabled(userId: string, disabled: boolean, at: number): Promise<boolean>;
  setAdmin(userId: string, isAdmin: boolean): Promise<boolean>;
  /** Sets the password hash and the must-change flag together. */
  setPassword(userId: string, passwordHash: string, mustChange: boolean, at: number): Promise<void>;
  /** Revokes every live personal access token of the user; returns their ids. */
  revokeAccessTokens(userId: string, at: number): Promise<string[]>;
  /** Sessions and access tokens revoked at or after `since`: one indexed query per kind, in one statement. */
  listRevokedSince(since: number): Promise<RevokedCredential[]>;
}

/** A one-time password-reset link as stored (the token only as its SHA-256). */
export interface PasswordResetRecord {
  id: string;
  userId: string;
  tokenHash: string;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
}

export interface PasswordResetRepository {
  create(reset: PasswordResetRecord): Promise<void>;
  /** Spends every unused link of the user (a newer reset or a password change replaces them). */
  retireForUser(userId: string, at: number): Promise<void>;
  /** The user of an unused, unexpired link. */
  findLiveUserId(tokenHash: string, now: number): Promise<string | undefined>;
  /** Marks the link used if it still is unused and unexpired; false when someone spent it first. */
  spend(tokenHash: string, now: number): Promise<boolean>;
}

/** A room as the admin list shows it: metadata and counts, never a message body. */
export interface AdminRoomRow extends RoomRecord {
  owner: UserRef | null;
  memberCount: number;
  /** When the newest entry of its history was written; null for a room with none. */
  lastMessageAt: number | null;
}

/** Where a keyset page of rooms starts: after this (activity, id), newest activity first. */
export interface RoomCursor {
  activityAt: number;
  id: string;
}

export interface AdminRoomQuery {
  /** Matched anywhere in the room name, case-insensitively. */
  search?: string;
  type: 'all' | RoomType;
  after?: RoomCursor;
  limit: number;
}

export interface AdminRoomRepository {
  /** Live rooms (not deleted), most recently active first: by (newest message, else creation) desc, id desc. */
  list(query: AdminRoomQuery): Promise<AdminRoomRow[]>;
  find(roomId: string): Promise<AdminRoomRow | undefined>;
}
