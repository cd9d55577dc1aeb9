import type { Message } from '@parley/protocol';

/** Long enough for a sentence, short enough for every OS's notification bubble. */
export const BODY_MAX = 140;

export interface NotificationContent {
  title: string;
  body: string;
  /** One notification per room: a newer one replaces the older instead of piling up. */
  tag: string;
}

type Translate = (key: string, values?: Record<string, string>) => string;

/** Plain text on one line, cut at BODY_MAX characters (code points, so an emoji is never split). */
export function truncate(text: string, max = BODY_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Why the message is being shown: it mentions the user, or it is a direct message (1:1 or a group). */
export interface NotificationReason {
  mentioned?: boolean;
  direct?: 'one' | 'group';
}

/** The title names who wrote when that is the point (a mention, a direct message); otherwise the room. */
function notificationTitle(name: string, roomName: string, t: Translate, { mentioned, direct }: NotificationReason): string {
  if (direct === 'one') return name;
  if (direct === 'group') return t('direct.notifyTitle', { name, room: roomName });
  if (mentioned) return t('mentions.notifyTitle', { name, room: roomName });
  return roomName;
}

/**
 * Title = room name, body = "sender: text". A mention is titled "Alice mentioned you in #room" and a
 * direct message by its sender, and then the body is the text alone. Images and files without a caption
 * say what was sent.
 */
export function notificationContent(message: Message, roomName: string, t: Translate, reason: NotificationReason = {}): NotificationContent {
  const name = message.sender?.displayName ?? message.bot?.name ?? '';
  const caption = message.body.trim();
  const named = reason.mentioned === true || reason.direct !== undefined;
  let body = named ? message.body : `${name}: ${message.body}`;
  // An attachment without a caption says what it is; with one, the caption says more.
  if (!caption && message.kind === 'image') body = t('notifications.sentImage', { name });
  else if (!caption && message.kind === 'file') body = t('notifications.sentFile', { name });
  return { title: notificationTitle(name, roomName, t, reason), body: truncate(body), tag: message.roomId };
}
