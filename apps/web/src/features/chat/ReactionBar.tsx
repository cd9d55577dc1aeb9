import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/protocol';
import { hasReacted, toggleReaction } from './message-actions';
import { reactedByText } from './reaction-text';
import { ReactionPicker } from './ReactionPicker';
import { useChatController } from './useChat';
import { noteReactionUsed } from './useFrequentEmojis';

interface ReactionBarProps {
  message: Message;
  meId: string;
  /** Members may react; a preview shows the chips without letting anyone press them. */
  canReact: boolean;
}

/** The chips under a message ("👍 3"), highlighted where the user reacted; a press toggles, "+" opens the picker. */
export function ReactionBar({ message, meId, canReact }: ReactionBarProps) {
  const { t, i18n } = useTranslation();
  const ctrl = useChatController();
  const [pickerAnchor, setPickerAnchor] = useState<HTMLElement | null>(null);
  const reactions = message.reactions ?? [];
  if (reactions.length === 0) return null;

  const react = (emoji: string) => {
    if (!hasReacted(message, emoji, meId)) noteReactionUsed(emoji);
    void toggleReaction(ctrl, message.roomId, message.id, emoji);
  };

  return (
    <div className="reaction-bar d-flex flex-wrap gap-1 mt-1" role="group" aria-label={t('reactions.label')} data-testid="reaction-bar">
      {reactions.map((r) => {
        const mine = r.users.some((u) => u.id === meId);
        const text = reactedByText(t, i18n.language, r, meId);
        return (
          <button
            key={r.emoji}
            type="button"
            className={`reaction-chip btn btn-sm${mine ? ' mine' : ''}`}
            aria-pressed={mine}
            aria-label={text}
            title={text}
            disabled={!canReact}
            onClick={() => react(r.emoji)}
            data-testid="reaction-chip"
            data-emoji={r.emoji}
            data-count={r.count}
            data-mine={mine || undefined}
          >
            <span className="reaction-emoji" aria-hidden="true">{r.emoji}</span>
            <span className="reaction-count" aria-hidden="true">{r.count}</span>
          </button>
        );
      })}
      {canReact && (
        <button
          type="button"
          className="reaction-chip reaction-add btn btn-sm"
          aria-label={t('reactions.add')}
          title={t('reactions.add')}
          aria-haspopup="dialog"
          aria-expanded={pickerAnchor !== null}
          onClick={(e) => {
            const button = e.currentTarget;
            setPickerAnchor((a) => (a ? null : button));
          }}
          data-testid="reaction-add"
        >
          <i className="fa-regular fa-face-smile" aria-hidden="true" />
          <span className="reaction-plus" aria-hidden="true">+</span>
        </button>
      )}
      {pickerAnchor && createPortal(<ReactionPicker anchor={pickerAnchor} onPick={react} onClose={() => setPickerAnchor(null)} />, document.body)}
    </div>
  );
}
