import type { TypingEntry } from '../../ws/chat-state';

type Translate = (key: string, values?: Record<string, string>) => string;

/** The typing line: one name, two names, or "several people" from three on; empty when nobody types. */
export function typingText(typing: readonly TypingEntry[], t: Translate): string {
  const [a, b] = typing;
  if (typing.length === 1 && a) return t('chat.typingOne', { name: a.user.displayName });
  if (typing.length === 2 && a && b) return t('chat.typingTwo', { a: a.user.displayName, b: b.user.displayName });
  return typing.length > 2 ? t('chat.typingMany') : '';
}
