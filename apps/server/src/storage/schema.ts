import type { Generated } from 'kysely';

/** Row shapes as stored. They never leave storage/: repositories map them to domain objects. */
export interface UsersTable {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  bio: string;
  password_hash: string;
  created_at: number | string;
  updated_at: number | string;
  avatar_small: string | null;
  avatar_large: string | null;
  status_text: Generated<string>;
  /** 0 or 1: an instance admin. */
  is_admin: Generated<number>;
  /** Set while an instance admin has the account disabled. */
  disabled_at: number | string | null;
  /** 0 or 1: the password was set by an admin and must be changed. */
  password_change_required: Generated<number>;
  /** display_name folded like username_key (NFC, lower case), for the admin search. */
  display_name_key: Generated<string>;
}

export interface RefreshTokensTable {
  id: string;
  user_id: string;
  family_id: string;
  token_hash: string;
  created_at: number | string;
  expires_at: number | string;
  revoked_at: number | string | null;
  replaced_by: string | null;
}

/** One signed-in device: a refresh-token family (id = family_id). */
export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number | string;
  last_used_at: number | string;
  expires_at: number | string;
  user_agent: string;
  ip: string;
  revoked_at: number | string | null;
}

/** A personal access token (scripts, bots); `scopes` is comma-separated. */
export interface AccessTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  scopes: string;
  created_at: number | string;
  last_used_at: number | string | null;
  expires_at: number | string | null;
  revoked_at: number | string | null;
}

/** An incoming webhook of a room; only the SHA-256 of its secret. */
export interface WebhooksTable {
  id: string;
  room_id: string;
  name: string;
  secret_hash: string;
  created_by: string;
  created_at: number | string;
  last_used_at: number | string | null;
  revoked_at: number | string | null;
}

export interface RoomsTable {
  id: string;
  name: string;
  description: string;
  visibility: string;
  last_seq: Generated<number>;
  created_by: string;
  created_at: number | string;
  deleted_at: number | string | null;
  /** 'room' or 'direct' (a direct-message conversation). */
  kind: Generated<string>;
  /** A direct room's member ids, sorted and joined by ','; null for rooms and retired conversations. */
  direct_key: string | null;
}

export interface RoomMembersTable {
  room_id: string;
  user_id: string;
  role: string;
  joined_at: number | string;
  last_read_seq: Generated<number>;
  /** 0 or 1. */
  muted: Generated<number>;
}

export interface MessagesTable {
  id: string;
  room_id: string;
  seq: number;
  kind: string;
  body: string;
  event: string | null;
  sender_id: string | null;
  client_msg_id: string | null;
  created_at: number | string;
  /** JSON MessageMeta (reply target, mentions, bot); null when there is none. */
  meta: string | null;
  edited_at: number | string | null;
  /** A tombstone: body emptied, attachments unlinked from reach. */
  deleted_at: number | string | null;
  pinned_at: number | string | null;
  pinned_by: string | null;
}

/** An earlier body of an edited message. */
export interface MessageEditsTable {
  id: string;
  message_id: string;
  room_id: string;
  previous_body: string;
  editor_id: string;
  edited_at: number | string;
  /** 1 for the body a deletion removed, 0 for an edit's earlier body. */
  deleted: number;
}

export interface MessageReactionsTable {
  message_id: string;
  emoji: string;
  user_id: string;
  room_id: string;
  created_at: number | string;
}

/** One mentioned member of one message (explicit @name, @here, or @all). */
export interface MessageMentionsTable {
  room_id: string;
  user_id: string;
  seq: number;
  message_id: string;
}

export interface RoomInvitesTable {
  /** Names the invite for listing and revoking; the code itself is only ever stored hashed. */
  id: string;
  code_hash: string;
  room_id: string;
  created_by: string;
  created_at: number | string;
  expires_at: number | string;
}

/** A user barred from a room; outlives their membership. */
export interface RoomBansTable {
  room_id: string;
  user_id: string;
  banned_by: string;
  reason: string | null;
  created_at: number | string;
}

export interface AttachmentsTable {
  id: string;
  uploader_id: string;
  kind: string;
  name: string;
  content_type: string;
  size: number | string;
  sha256: string;
  width: number | null;
  height: number | null;
  thumb_sha256: string | null;
  thumb_width: number | null;
  thumb_height: number | null;
  room_id: string | null;
  message_id: string | null;
  position: number | null;
  created_at: number | string;
}

export interface AuditLogTable {
  id: string;
  at: number | string;
  actor_id: string | null;
  action: string;
  room_id: string | null;
  target_user_id: string | null;
  ip: string | null;
  /** A JSON object. */
  details: string;
}

/** A one-time password-reset link (0013); only the SHA-256 of its token. */
export interface PasswordResetsTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: number | string;
  expires_at: number | string;
  used_at: number | string | null;
}

/** One row (id 1): instance-wide facts. */
export interface InstanceSettingsTable {
  id: number;
  first_admin_id: string | null;
}

/** One saved instance setting (0014): the key's JSON value; a key without a row takes the config default. */
export interface InstanceSettingValuesTable {
  key: string;
  value: string;
  updated_at: number | string;
  updated_by: string | null;
}

/** One dashboard sample (0014): an instance's sockets and the users online anywhere, every 5 minutes. */
export interface StatsSamplesTable {
  at: number | string;
  instance_id: string;
  sockets: number;
  online_users: number;
}

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  sessions: SessionsTable;
  access_tokens: AccessTokensTable;
  webhooks: WebhooksTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  messages: MessagesTable;
  message_edits: MessageEditsTable;
  message_reactions: MessageReactionsTable;
  message_mentions: MessageMentionsTable;
  room_invites: RoomInvitesTable;
  room_bans: RoomBansTable;
  attachments: AttachmentsTable;
  audit_log: AuditLogTable;
  instance_settings: InstanceSettingsTable;
  password_resets: PasswordResetsTable;
  instance_setting_values: InstanceSettingValuesTable;
  stats_samples: StatsSamplesTable;
}
