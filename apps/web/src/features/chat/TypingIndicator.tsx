import { useTranslation } from 'react-i18next';
import type { TypingEntry } from '../../ws/chat-state';

/** Who is typing; the line keeps its height so the timeline does not jump when it changes. */
export function TypingIndicator({ typing }: { typing: readonly TypingEntry[] }) {
  const { t } = useTranslation();
  const first = typing[0];
  let text = '';
  if (typing.length === 1 && first) text = t('chat.typingOne', { name: first.user.displayName });
  else if (typing.length > 1) text = t('chat.typingMany');
  return (
    <div className="typing-indicator small text-body-secondary px-3 text-truncate" aria-live="polite">
      {text}
    </div>
  );
}
