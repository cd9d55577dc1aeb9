import { useTranslation } from 'react-i18next';
import type { TypingEntry } from '../../ws/chat-state';

/** Who is typing; the line keeps its height so the timeline does not jump when it changes. */
export function TypingIndicator({ typing }: { typing: readonly TypingEntry[] }) {
  const { t } = useTranslation();
  const [a, b] = typing;
  let text = '';
  if (typing.length === 1 && a) text = t('chat.typingOne', { name: a.user.displayName });
  else if (typing.length === 2 && a && b) text = t('chat.typingTwo', { a: a.user.displayName, b: b.user.displayName });
  else if (typing.length > 2) text = t('chat.typingMany');
  return (
    <div className="typing-indicator small text-body-secondary px-3 text-truncate" aria-live="polite" data-testid="typing-indicator">
      {text}
    </div>
  );
}
