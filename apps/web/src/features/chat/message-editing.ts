import { useSyncExternalStore } from 'react';
import { Store } from '../../lib/store';
import type { ChatController } from '../../ws/chat-controller';

/**
 * The one message being edited inline, by id. Kept outside the chat model: it is a view state of
 * this tab (like a focused field), and the composer's Up arrow and the message's Edit button both
 * set it.
 */
const editing = new Store<string | undefined>(undefined);

export function startEditing(messageId: string): void {
  editing.update(() => messageId);
}

/** Ends editing `messageId` (a newer start for another message is left alone). */
export function stopEditing(messageId: string): void {
  editing.update((current) => (current === messageId ? undefined : current));
}

/** True while `messageId` is the one being edited; re-renders only the rows whose answer changes. */
export function useIsEditing(messageId: string): boolean {
  return useSyncExternalStore(editing.subscribe, () => editing.get() === messageId);
}

/**
 * Up in an empty composer: edit the user's newest message in the room that can still be edited
 * (text, image or file, not deleted). Returns whether there was one.
 */
export function editLastOwnMessage(ctrl: ChatController, roomId: string): boolean {
  const state = ctrl.store.get();
  const messages = state.rooms[roomId]?.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.sender?.id !== state.me.id || m.deletedAt !== undefined) continue;
    if (m.kind !== 'text' && m.kind !== 'image' && m.kind !== 'file') continue;
    startEditing(m.id);
    return true;
  }
  return false;
}
