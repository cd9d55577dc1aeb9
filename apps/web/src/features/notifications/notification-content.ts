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

/** Title = room name; body = "sender: text", or what was sent for images and files. */
export function notificationContent(message: Message, roomName: string, t: Translate): NotificationContent {
  const name = message.sender?.displayName ?? '';
  const caption = message.body.trim();
  let body = `${name}: ${message.body}`;
  // An attachment without a caption says what it is; with one, the caption says more.
  if (!caption && message.kind === 'image') body = t('notifications.sentImage', { name });
  else if (!caption && message.kind === 'file') body = t('notifications.sentFile', { name });
  return { title: roomName, body: truncate(body), tag: message.roomId };
}
