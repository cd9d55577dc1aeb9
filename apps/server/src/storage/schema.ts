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

export interface RoomsTable {
  id: string;
  name: string;
  description: string;
  visibility: string;
  last_seq: Generated<number>;
  created_by: string;
  created_at: number | string;
  deleted_at: number | string | null;
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
}

export interface RoomInvitesTable {
  code_hash: string;
  room_id: string;
  created_by: string;
  created_at: number | string;
  expires_at: number | string;
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

export interface Database {
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  rooms: RoomsTable;
  room_members: RoomMembersTable;
  messages: MessagesTable;
  room_invites: RoomInvitesTable;
  attachments: AttachmentsTable;
}
