import type { Room, UserRef } from '@parley/protocol';

/** A direct-message conversation rather than a room (no name, no settings, no invites, no moderation). */
export function isDirect(room: Room): boolean {
  return room.type === 'direct';
}

/** The other people of a direct conversation, in the server's order; empty for rooms. */
export function directPeers(room: Room, meId: string): UserRef[] {
  return (room.directMembers ?? []).filter((u) => u.id !== meId);
}

/**
 * What a conversation is called: a room by its name, a direct one by the other people's display names
 * ("Alice, Bob"; the separator is the language's own, "、" in Chinese). A conversation with nobody else
 * left is named after the caller.
 */
export function conversationName(room: Room, me: Pick<UserRef, 'id' | 'displayName'>, separator = ', '): string {
  if (!isDirect(room)) return room.name;
  const peers = directPeers(room, me.id);
  return peers.length > 0 ? peers.map((u) => u.displayName).join(separator) : me.displayName;
}
