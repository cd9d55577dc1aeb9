import type { UserRef } from '@parley/protocol';

/** Public URL of an avatar blob (immutable: a new avatar is a new hash). */
export const avatarUrl = (sha256: string) => `/api/avatars/${sha256}`;

/** A user as shown next to messages and in lists; `avatar` only when one is set. */
export function toUserRef(u: {
  id: string;
  username: string;
  displayName: string;
  avatarSmall: string | null;
  avatarLarge: string | null;
}): UserRef {
  const ref: UserRef = { id: u.id, username: u.username, displayName: u.displayName };
  if (u.avatarSmall && u.avatarLarge) ref.avatar = { small: avatarUrl(u.avatarSmall), large: avatarUrl(u.avatarLarge) };
  return ref;
}

/** A message's sender from a row with `users` left-joined on `sender_id`; null for system and bot messages. */
export function senderRef(row: {
  sender_id: string | null;
  username: string | null;
  display_name: string | null;
  avatar_small: string | null;
  avatar_large: string | null;
}): UserRef | null {
  if (row.sender_id === null) return null;
  return toUserRef({
    id: row.sender_id,
    username: row.username ?? '',
    displayName: row.display_name ?? '',
    avatarSmall: row.avatar_small,
    avatarLarge: row.avatar_large,
  });
}
