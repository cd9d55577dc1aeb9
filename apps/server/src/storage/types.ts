import type { AttachmentKind, RoomRole, RoomType, RoomVisibility, UserRef } from '@parley/protocol';
import type { AccessTokenRepository } from './access-token-types.js';
import type { AdminRoomRepository, AdminUserRepository, PasswordResetRepository } from './admin-types.js';
import type { AuditRepository } from './audit-types.js';
import type { ReactionRepository, ReplyRepository } from './reaction-types.js';
import type { MessageChangeRepository } from './message-change-types.js';
import type { DirectRoomRepository } from './direct-room-types.js';
import type { SearchRepository } from './search-types.js';
import type { MentionRepository, MessageRepository } from './message-types.js';
import type { WebhookRepository } from './webhook-types.js';
import type { RegistrationRepository, SettingsRepository, StatsRepository } from './instance-types.js';

export type { AppendResult, MentionRepository, MentionTargets, MessageMeta, MessageRepository, NewMessage } from './message-types.js';

/** A user as storage knows it, including the password hash (never sent to clients). */
export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  bio: string;
  passwordHash: string;
  createdAt: number;
  /** SHA-256 of the 64 px and 256 px avatar blobs, or null for the initials avatar. */
  avatarSmall: string | null;
  avatarLarge: string | null;
  /** A short status line; '' when unset. */
  statusText: string;
  /** An instance admin (the first account registered, for now). */
  isAdmin: boolean;
  /** When an instance admin disabled the account; null while it is enabled. */
  disabledAt: number | null;
  /** The password was set by an admin (a temporary one) and must be changed. */
  passwordChangeRequired: boolean;
}

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: number;
  revokedAt: number | null;
  replacedBy: string | null;
}

/** One signed-in device: a refresh-token family (id = family id = the access token's sessionId). */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastUsedAt: number;
  expiresAt: number;
  userAgent: string;
  ip: string;
}

/** Where a login or refresh came from, as shown in the session list. */
export interface SessionClient {
  userAgent: string;
  ip: string;
}

export interface RoomRecord {
  id: string;
  /** 'direct' for a direct-message conversation (always private; every member has role 'member'). */
  kind: RoomType;
  name: string;
  description: string;
  visibility: RoomVisibility;
  lastSeq: number;
  createdAt: number;
  deletedAt: number | null;
}

/** One member's own position in a room: read marker, unread count (capped), mute. */
export interface ReadState {
  lastReadSeq: number;
  unreadCount: number;
  /** Unread messages that mention the member, capped like unreadCount. */
  mentionCount: number;
  muted: boolean;
}

/** A room listed for one user, with the counts the listing shows; ReadState is 0/0/false for non-members. */
export interface RoomListing extends RoomRecord, ReadState {
  memberCount: number;
  myRole: RoomRole | null;
}

export interface MemberRecord {
  user: UserRef;
  role: RoomRole;
  joinedAt: number;
  statusText: string;
}

export interface UserRepository {
  create(user: Omit<UserRecord, 'isAdmin' | 'disabledAt' | 'passwordChangeRequired'>): Promise<'created' | 'taken'>;
  /** Makes the user the instance's first admin if nobody has been yet; true when they are now. One statement, race-free. */
  claimFirstAdmin(userId: string): Promise<boolean>;
  findById(id: string): Promise<UserRecord | undefined>;
  findByUsername(username: string): Promise<UserRecord | undefined>;
  update(
    id: string,
    patch: Partial<Pick<UserRecord, 'displayName' | 'bio' | 'statusText' | 'passwordHash' | 'avatarSmall' | 'avatarLarge' | 'passwordChangeRequired'>>,
    at: number,
  ): Promise<void>;
  /** True while some user's avatar is this blob. */
  isAvatarBlob(sha256: string): Promise<boolean>;
}

export interface RefreshTokenRepository {
  insert(token: RefreshTokenRecord & { tokenHash: string; createdAt: number }): Promise<void>;
  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Marks a live token as replaced; false if someone rotated or revoked it first. */
  rotate(id: string, replacedBy: string, at: number): Promise<boolean>;
  revokeFamily(familyId: string, at: number): Promise<void>;
  revokeAllForUser(userId: string, exceptFamilyId: string | null, at: number): Promise<void>;
}

export interface SessionRepository {
  create(session: SessionRecord): Promise<void>;
  /** Records a refresh of a live session; false when it is revoked or gone (the refresh must fail). */
  touch(id: string, at: number, expiresAt: number, client: SessionClient): Promise<boolean>;
  /** Sessions neither revoked nor expired at `now`, most recently used first. */
  listLive(userId: string, now: number): Promise<SessionRecord[]>;
  /**
   * Revokes the user's live sessions (`ids`, or all of them when 'all') except `exceptId`, and their
   * refresh tokens, in one transaction; returns the ids it revoked (someone else's ids revoke nothing).
   */
  revoke(userId: string, ids: readonly string[] | 'all', exceptId: string | null, at: number): Promise<string[]>;
  /** The user, only while this session of theirs is not revoked: one indexed read per authenticated request. */
  findLiveUser(userId: string, sessionId: string): Promise<UserRecord | undefined>;
  isLive(sessionId: string): Promise<boolean>;
}

export interface RoomRepository {
  create(room: Omit<RoomRecord, 'kind' | 'lastSeq' | 'deletedAt'> & { createdBy: string }): Promise<void>;
  findById(id: string): Promise<RoomRecord | undefined>;
  listVisibleTo(userId: string): Promise<RoomListing[]>;
  /** One room as listVisibleTo would list it for the user, whether or not they may see it (callers check). */
  findListing(roomId: string, userId: string): Promise<RoomListing | undefined>;
  update(id: string, patch: { name?: string; description?: string }): Promise<void>;
  markDeleted(id: string, at: number): Promise<void>;
}

export interface MemberRepository {
  /** Adds a member; false if already one. */
  add(roomId: string, userId: string, role: RoomRole, at: number): Promise<boolean>;
  /** Removes a member; false if not one. */
  remove(roomId: string, userId: string): Promise<boolean>;
  findRole(roomId: string, userId: string): Promise<RoomRole | undefined>;
  /** The member's role and current profile, in one read (every send needs both); undefined if not a member. */
  findSender(roomId: string, userId: string): Promise<{ role: RoomRole; user: UserRef } | undefined>;
  setRole(roomId: string, userId: string, role: RoomRole): Promise<void>;
  list(roomId: string): Promise<MemberRecord[]>;
  listRoomIds(userId: string): Promise<string[]>;
  listUserIds(roomId: string): Promise<string[]>;
  /** The member's read marker, unread count and mute; undefined if not a member. */
  findReadState(roomId: string, userId: string): Promise<ReadState | undefined>;
  /** Moves the read marker forward to `seq` (never back); true when it moved. The caller clamps to lastSeq. */
  advanceReadMarker(roomId: string, userId: string, seq: number): Promise<boolean>;
  /** Sets the mute flag; true when it changed. */
  setMuted(roomId: string, userId: string, muted: boolean): Promise<boolean>;
}


/** A live invite as listed to moderators: never its code (only the hash is stored). */
export interface InviteRecord {
  id: string;
  roomId: string;
  createdBy: UserRef;
  createdAt: number;
  expiresAt: number;
}

export interface InviteRepository {
  create(invite: { id: string; codeHash: string; roomId: string; createdBy: string; createdAt: number; expiresAt: number }): Promise<void>;
  isValid(roomId: string, codeHash: string, now: number): Promise<boolean>;
  /** The room's invites that have not expired at `now`, newest first. */
  listLive(roomId: string, now: number): Promise<InviteRecord[]>;
  /** Deletes the room's invite; false when this room has no invite with that id. */
  remove(roomId: string, inviteId: string): Promise<boolean>;
}

/** A user barred from a room. */
export interface BanRecord {
  roomId: string;
  user: UserRef;
  by: UserRef;
  reason: string | null;
  at: number;
}

export interface BanRepository {
  /**
   * Bans the user and, in the same statement order, takes the room's row lock first, so a join that
   * raced it either sees the ban or is seen (and removed) by it. False when already banned.
   */
  add(ban: { roomId: string; userId: string; bannedBy: string; reason: string | null; at: number }): Promise<boolean>;
  /** Lifts a ban; false when there was none. */
  remove(roomId: string, userId: string): Promise<boolean>;
  isBanned(roomId: string, userId: string): Promise<boolean>;
  find(roomId: string, userId: string): Promise<BanRecord | undefined>;
  /** Newest first. */
  list(roomId: string): Promise<BanRecord[]>;
}

/** An uploaded file's metadata; the bytes live in the BlobStore under `sha256` (and `thumbSha256`). */
export interface AttachmentRecord {
  id: string;
  uploaderId: string;
  kind: AttachmentKind;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  thumbSha256: string | null;
  thumbWidth: number | null;
  thumbHeight: number | null;
  roomId: string | null;
  messageId: string | null;
  createdAt: number;
}

export interface AttachmentRepository {
  insert(a: AttachmentRecord): Promise<void>;
  findById(id: string): Promise<AttachmentRecord | undefined>;
  findMany(ids: readonly string[]): Promise<AttachmentRecord[]>;
  /** Deletes uploads never used in a message and created before `before`; returns the blob hashes they used. */
  deleteUnusedBefore(before: number): Promise<string[]>;
  /** Deletes every attachment of a room; returns the blob hashes they used. */
  deleteForRoom(roomId: string): Promise<string[]>;
  /** True while any attachment (or its thumbnail) uses this blob. */
  isBlobReferenced(sha256: string): Promise<boolean>;
}

/** Everything the domain needs from storage. `transaction` runs `fn` on one atomic unit of work. */
export interface Store {
  readonly users: UserRepository;
  readonly tokens: RefreshTokenRepository;
  readonly sessions: SessionRepository;
  readonly accessTokens: AccessTokenRepository;
  readonly webhooks: WebhookRepository;
  readonly rooms: RoomRepository;
  readonly directRooms: DirectRoomRepository;
  readonly members: MemberRepository;
  readonly messages: MessageRepository;
  readonly reactions: ReactionRepository;
  readonly messageChanges: MessageChangeRepository;
  readonly replies: ReplyRepository;
  readonly mentions: MentionRepository;
  readonly invites: InviteRepository;
  readonly bans: BanRepository;
  readonly attachments: AttachmentRepository;
  readonly audit: AuditRepository;
  readonly search: SearchRepository;
  readonly settings: SettingsRepository;
  readonly stats: StatsRepository;
  readonly registration: RegistrationRepository;
  /** Instance administration (issue #10): the admin user and room lists, disabling, reset links. */
  readonly adminUsers: AdminUserRepository;
  readonly adminRooms: AdminRoomRepository;
  readonly passwordResets: PasswordResetRepository;
  transaction<T>(fn: (store: Store) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Refreshes the query planner's statistics; run after a bulk import (importMany). */
  analyze(): Promise<void>;
  close(): Promise<void>;
}
