import { useTranslation } from 'react-i18next';
import type { TypingEntry } from '../../ws/chat-state';
import { typingText } from './typing-text';

/** Who is typing; the line keeps its height so the timeline does not jump when it changes. */
export function TypingIndicator({ typing }: { typing: readonly TypingEntry[] }) {
  const { t } = useTranslation();
  const text = typingText(typing, t);
  return (
    <div className="typing-indicator small text-body-secondary px-3 text-truncate" aria-live="polite" data-testid="typing-indicator">
      {text}
    </div>
  );
}
