import { randomUUID } from 'node:crypto';
import type { MessageKind, SystemEvent, UserRef } from '@parley/protocol';
import type { ChangeTarget } from '../storage/message-change-types.js';
import type { NewMessage, Store } from '../storage/types.js';
import { DomainError, roomNotFound } from './errors.js';

/** Thrown inside a transaction when a concurrent request already made the change: roll the seq back. */
export class Unchanged extends Error {}

export const messageNotFound = () => new DomainError('message_not_found', 'No such message in this room');

/** Only what people wrote can be edited, deleted or pinned: not system rows, not update rows. */
export function isUserMessage(kind: MessageKind): boolean {
  return kind === 'text' || kind === 'image' || kind === 'file';
}

/**
 * The message the request names, in the room the URL names. A message of another room answers as an
 * unknown one, so an id never tells which room it belongs to.
 */
export async function getTarget(store: Store, roomId: string, messageId: string): Promise<ChangeTarget> {
  const target = await store.messageChanges.findTarget(messageId);
  if (!target || target.roomId !== roomId) throw messageNotFound();
  if (target.roomDeleted) throw roomNotFound();
  return target;
}

/** A change to an earlier message as a stored message: no body, the actor as sender, never unread. */
export function updateMessage(roomId: string, actor: UserRef, event: SystemEvent, at: number): NewMessage {
  return { id: randomUUID(), roomId, kind: 'update', body: '', event, sender: actor, clientMsgId: null, createdAt: at, attachments: [] };
}

/** Body rules of message.send: a text message needs a body, an image or file caption may be empty. */
export function checkEditBody(kind: MessageKind, body: string): void {
  if (kind === 'text' && body.length === 0) throw new DomainError('invalid_request', 'body: a text message needs at least 1 character; delete it instead');
}
