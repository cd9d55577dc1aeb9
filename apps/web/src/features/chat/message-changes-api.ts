import { FrequentEmojis, Message, MessageEdits, Pins, ReactionsBody, type MessageEditEntry, type Pin } from '@parley/protocol';
import { apiRequest } from '../../api/http';

const messagePath = (roomId: string, messageId: string) => `/api/rooms/${encodeURIComponent(roomId)}/messages/${encodeURIComponent(messageId)}`;
const pinPath = (roomId: string, messageId: string) => `/api/rooms/${encodeURIComponent(roomId)}/pins/${encodeURIComponent(messageId)}`;

/** Replaces the body of the caller's own message; answers the message as it is now. */
export function editMessage(roomId: string, messageId: string, body: string): Promise<Message> {
  return apiRequest(messagePath(roomId, messageId), { method: 'PATCH', body: { body }, schema: Message });
}

/** Deletes a message (the sender's own, or anyone's for an owner or admin); it stays as a tombstone. */
export function deleteMessage(roomId: string, messageId: string): Promise<undefined> {
  return apiRequest(messagePath(roomId, messageId), { method: 'DELETE', schema: undefined });
}

/** What a message said before each edit and before it was deleted (owner or admin only). */
export async function listEdits(roomId: string, messageId: string): Promise<MessageEditEntry[]> {
  return (await apiRequest(`${messagePath(roomId, messageId)}/edits`, { schema: MessageEdits })).edits;
}

/** Adds (`on`) or takes back the caller's reaction; idempotent both ways. */
export async function setReaction(roomId: string, messageId: string, emoji: string, on: boolean) {
  const path = `${messagePath(roomId, messageId)}/reactions/${encodeURIComponent(emoji)}`;
  if (!on) {
    await apiRequest(path, { method: 'DELETE', schema: undefined });
    return;
  }
  await apiRequest(path, { method: 'PUT', schema: ReactionsBody });
}

/** The caller's most used reaction emoji (up to 8), for the quick row of the picker. */
export async function frequentEmojis(): Promise<string[]> {
  return (await apiRequest('/api/me/reactions/frequent', { schema: FrequentEmojis })).emojis;
}

/** Pins (`on`) or unpins a message (owner or admin); idempotent both ways. */
export function setPinned(roomId: string, messageId: string, on: boolean): Promise<undefined> {
  return apiRequest(pinPath(roomId, messageId), { method: on ? 'PUT' : 'DELETE', schema: undefined });
}

/** The room's pinned messages, newest pin first. */
export async function listPins(roomId: string): Promise<Pin[]> {
  return (await apiRequest(`/api/rooms/${encodeURIComponent(roomId)}/pins`, { schema: Pins })).pins;
}
