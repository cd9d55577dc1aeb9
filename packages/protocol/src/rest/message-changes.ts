import { z } from 'zod';
import { boundedText } from '../text.js';
import { Id, Timestamp } from './common.js';
import { Message } from './messages.js';
import { UserRef } from './users.js';

/** Most pinned messages one room keeps; an owner unpins one to pin another. */
export const MAX_PINS_PER_ROOM = 50;

/** Path parameters of `/api/rooms/:id/messages/:messageId` and `/api/rooms/:id/pins/:messageId`. */
export const MessageParams = z.object({ id: Id, messageId: Id });
export type MessageParams = z.infer<typeof MessageParams>;

/**
 * `PATCH /api/rooms/:id/messages/:messageId`: the new body, with the rules of `message.send`
 * (a text message needs 1-4000 code points, an image or file caption 0-4000; checked by kind in the server).
 */
export const MessageEdit = z.object({ body: boundedText(0, 4000) }).strict();
export type MessageEdit = z.infer<typeof MessageEdit>;

/** One earlier body of a message; `deleted` marks the body it had when it was deleted. */
export const MessageEditEntry = z.object({
  body: z.string(),
  editedAt: Timestamp,
  editor: UserRef,
  deleted: z.boolean(),
});
export type MessageEditEntry = z.infer<typeof MessageEditEntry>;

/** `GET /api/rooms/:id/messages/:messageId/edits` (owners and admins): earlier bodies, oldest first. */
export const MessageEdits = z.object({ edits: z.array(MessageEditEntry) });
export type MessageEdits = z.infer<typeof MessageEdits>;

/** One pinned message of a room, as it is now. */
export const Pin = z.object({ message: Message, pinnedAt: Timestamp, pinnedBy: UserRef });
export type Pin = z.infer<typeof Pin>;

/** `GET /api/rooms/:id/pins`: the room's pinned messages, newest pin first. */
export const Pins = z.object({ pins: z.array(Pin) });
export type Pins = z.infer<typeof Pins>;
