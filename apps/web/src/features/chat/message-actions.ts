import type { Message, RoomRole, UserRef } from '@parley/protocol';
import { ApiError } from '../../api/api-error';
import { reportError } from '../../lib/report';
import { applyLocalChange, type MessageChange } from '../../ws/apply-update';
import type { ChatController } from '../../ws/chat-controller';
import { addNotice } from '../../ws/chat-state';
import { deleteMessage, editMessage, setPinned, setReaction } from './message-changes-api';

/** What the signed-in user may do to a message; the server checks the same rules again. */
export interface MessagePermissions {
  react: boolean;
  edit: boolean;
  delete: boolean;
  pin: boolean;
  history: boolean;
}

const isModerator = (role: RoomRole | null) => role === 'owner' || role === 'admin';

/** Only stored text, image and file messages take actions; a tombstone takes none. */
export function messagePermissions(m: Message, meId: string, role: RoomRole | null): MessagePermissions {
  const live = (m.kind === 'text' || m.kind === 'image' || m.kind === 'file') && m.deletedAt === undefined;
  const mine = m.sender?.id === meId;
  const member = role !== null;
  return {
    react: live && member,
    edit: live && member && mine,
    delete: live && member && (mine || isModerator(role)),
    pin: live && isModerator(role),
    history: isModerator(role) && (m.editedAt !== undefined || m.deletedAt !== undefined),
  };
}

function meRef(ctrl: ChatController): UserRef {
  const { id, username, displayName } = ctrl.store.get().me;
  return { id, username, displayName };
}

function held(ctrl: ChatController, roomId: string, messageId: string): Message | undefined {
  return ctrl.store.get().rooms[roomId]?.messages.find((m) => m.id === messageId);
}

/** Tells the user why an action without a dialog of its own failed. */
function noticeFailure(ctrl: ChatController, err: unknown): void {
  if (!(err instanceof ApiError)) reportError('message action failed', err);
  const code = err instanceof ApiError ? err.code : 'internal';
  ctrl.commit((s) => addNotice(s, { key: `errors.${code}`, values: {}, variant: 'danger' }));
}

export function hasReacted(m: Message, emoji: string, userId: string): boolean {
  return m.reactions?.some((r) => r.emoji === emoji && r.users.some((u) => u.id === userId)) ?? false;
}

/**
 * Adds the user's reaction, or takes it back if it is there. The chip changes at once; the server's
 * event then changes nothing more, and a refusal puts the chip back as it was.
 */
export async function toggleReaction(ctrl: ChatController, roomId: string, messageId: string, emoji: string): Promise<void> {
  const m = held(ctrl, roomId, messageId);
  if (!m) return;
  const user = meRef(ctrl);
  const on = !hasReacted(m, emoji, user.id);
  const added: MessageChange = { type: 'reaction.added', messageId, emoji, user };
  const removed: MessageChange = { type: 'reaction.removed', messageId, emoji, user };
  const [change, undo] = on ? [added, removed] : [removed, added];
  ctrl.commit((s) => applyLocalChange(s, roomId, change));
  try {
    await setReaction(roomId, messageId, emoji, on);
  } catch (err) {
    ctrl.commit((s) => applyLocalChange(s, roomId, undo));
    noticeFailure(ctrl, err);
  }
}

/** Saves a new body; the message shows it as soon as the server accepts it. Throws what the server refused. */
export async function saveEdit(ctrl: ChatController, roomId: string, messageId: string, body: string): Promise<void> {
  const saved = await editMessage(roomId, messageId, body);
  if (saved.editedAt === undefined) return;
  const change: MessageChange = { type: 'message.edited', messageId, body: saved.body, editedAt: saved.editedAt, by: meRef(ctrl), ...(saved.mentions && { mentions: saved.mentions }) };
  ctrl.commit((s) => applyLocalChange(s, roomId, change));
}

/** Deletes a message; it turns into a tombstone here at once. Throws what the server refused. */
export async function removeMessage(ctrl: ChatController, roomId: string, messageId: string): Promise<void> {
  await deleteMessage(roomId, messageId);
  const change: MessageChange = { type: 'message.deleted', messageId, deletedAt: new Date().toISOString(), by: meRef(ctrl) };
  ctrl.commit((s) => applyLocalChange(s, roomId, change));
}

/** Pins or unpins; the pin line and the flag arrive with the server's system message. */
export async function togglePin(ctrl: ChatController, roomId: string, messageId: string, on: boolean): Promise<void> {
  try {
    await setPinned(roomId, messageId, on);
  } catch (err) {
    noticeFailure(ctrl, err);
  }
}
