import { useEffect, useRef, useState, type RefObject } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { Message, RoomRole } from '@parley/protocol';
import { ActionMenu, type ActionMenuItem } from '../../components/ActionMenu';
import { addNotice } from '../../ws/chat-state';
import { DeleteMessageDialog } from './DeleteMessageDialog';
import { EditHistoryDialog } from './EditHistoryDialog';
import { hasReacted, messagePermissions, togglePin, toggleReaction } from './message-actions';
import { startEditing } from './message-editing';
import { ReactionPicker } from './ReactionPicker';
import { useChatController } from './useChat';
import { noteReactionUsed } from './useFrequentEmojis';

type MessageDialog = 'delete' | 'history';

/** How long a finger rests on a message before its actions open (phones have no hover). */
const LONG_PRESS_MS = 450;

interface MessageActionsProps {
  message: Message;
  meId: string;
  /** The user's role in the room; null while previewing (no actions then but Copy). */
  role: RoomRole | null;
  onReply?: (message: Message) => void;
}

/**
 * Opens the bar on a long press of its message row (touch screens), and closes it on a touch
 * elsewhere. The row is found from the bar, so the row component needs no gesture code.
 */
function useLongPress(bar: RefObject<HTMLDivElement | null>): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const row = bar.current?.closest<HTMLElement>('[data-message]');
    if (!row) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pressed = false;
    const cancel = () => clearTimeout(timer);
    const onStart = () => {
      pressed = false;
      timer = setTimeout(() => {
        pressed = true;
        setOpen(true);
      }, LONG_PRESS_MS);
    };
    // The browser's own long-press menu (select, copy) would cover the bar.
    const onMenu = (e: Event) => {
      if (pressed) e.preventDefault();
    };
    const onOutside = (e: Event) => {
      if (!bar.current?.contains(e.target as Node) && !row.contains(e.target as Node)) setOpen(false);
    };
    row.addEventListener('touchstart', onStart, { passive: true });
    row.addEventListener('touchend', cancel);
    row.addEventListener('touchmove', cancel, { passive: true });
    row.addEventListener('contextmenu', onMenu);
    document.addEventListener('touchstart', onOutside, { passive: true });
    return () => {
      cancel();
      row.removeEventListener('touchstart', onStart);
      row.removeEventListener('touchend', cancel);
      row.removeEventListener('touchmove', cancel);
      row.removeEventListener('contextmenu', onMenu);
      document.removeEventListener('touchstart', onOutside);
    };
  }, [bar]);
  return [open, setOpen];
}

async function copyText(text: string): Promise<boolean> {
  if (!window.isSecureContext || typeof navigator.clipboard?.writeText !== 'function') return false;
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Refused (no permission, document not focused): the user can still select the text by hand.
    return false;
  }
}

/**
 * The bar that appears over a message on hover, keyboard focus or a long press: React and Reply and
 * Edit at hand, the rest (pin, history, copy, delete) in a "…" menu. Only what the user may do is offered.
 */
export function MessageActions({ message, meId, role, onReply }: MessageActionsProps) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const bar = useRef<HTMLDivElement>(null);
  const [pressed, setPressed] = useLongPress(bar);
  const [pickerAnchor, setPickerAnchor] = useState<HTMLElement | null>(null);
  const [dialog, setDialog] = useState<MessageDialog>();
  const { roomId, id } = message;
  const can = messagePermissions(message, meId, role);
  const onDialog = (d: MessageDialog) => {
    setPressed(false);
    setDialog(d);
  };

  const items: ActionMenuItem[] = [];
  if (can.pin) {
    const on = !message.pinned;
    items.push({ key: 'pin', label: t(on ? 'messageActions.pin' : 'messageActions.unpin'), icon: 'fa-thumbtack', onSelect: () => void togglePin(ctrl, roomId, id, on), testId: on ? 'action-pin' : 'action-unpin' });
  }
  if (can.history) items.push({ key: 'history', label: t('messageActions.history'), icon: 'fa-clock-rotate-left', onSelect: () => onDialog('history'), testId: 'action-history' });
  if (message.body !== '' && message.deletedAt === undefined) {
    const onSelect = () =>
      void copyText(message.body).then((ok) => {
        if (ok) ctrl.commit((s) => addNotice(s, { key: 'messageActions.copied', values: {}, variant: 'info' }));
      });
    items.push({ key: 'copy', label: t('messageActions.copy'), icon: 'fa-copy', onSelect, testId: 'action-copy' });
  }
  if (can.delete) items.push({ key: 'delete', label: t('messageActions.delete'), icon: 'fa-trash-can', danger: true, onSelect: () => onDialog('delete'), testId: 'action-delete' });

  const react = (emoji: string) => {
    if (!hasReacted(message, emoji, meId)) noteReactionUsed(emoji);
    void toggleReaction(ctrl, roomId, id, emoji);
  };

  const quick = 'btn btn-sm btn-link text-body-secondary message-action';
  const edit = () => {
    setPressed(false);
    startEditing(id);
  };
  const toggleInPicker = (button: HTMLElement) => setPickerAnchor((a) => (a ? null : button));
  if (!can.react && !can.edit && items.length === 0 && dialog === undefined) return null;
  return (
    <>
      <div ref={bar} className={`message-actions shadow-sm${pickerAnchor || pressed ? ' open' : ''}`} role="toolbar" aria-label={t('messageActions.toolbar')} data-testid="message-actions">
        {can.react && (
          <button type="button" className={quick} aria-label={t('messageActions.react')} title={t('messageActions.react')} aria-haspopup="dialog" aria-expanded={pickerAnchor !== null} onClick={(e) => toggleInPicker(e.currentTarget)} data-testid="action-react">
            <i className="fa-regular fa-face-smile fa-fw" aria-hidden="true" />
          </button>
        )}
        {onReply && can.react && (
          <button type="button" className={quick} aria-label={t('messageActions.reply')} title={t('messageActions.reply')} onClick={() => onReply(message)} data-testid="action-reply">
            <i className="fa-solid fa-reply fa-fw" aria-hidden="true" />
          </button>
        )}
        {can.edit && (
          <button type="button" className={quick} aria-label={t('messageActions.edit')} title={t('messageActions.edit')} onClick={edit} data-testid="action-edit">
            <i className="fa-solid fa-pen fa-fw" aria-hidden="true" />
          </button>
        )}
        <ActionMenu label={t('messageActions.more')} items={items} buttonClassName={quick} testId="action-more">
          <i className="fa-solid fa-ellipsis fa-fw" aria-hidden="true" />
        </ActionMenu>
      </div>
      {/* In the body, not the row: the bar hides with its row, and the timeline's rows stack above a dialog inside one. */}
      {pickerAnchor && createPortal(<ReactionPicker anchor={pickerAnchor} onPick={react} onClose={() => setPickerAnchor(null)} />, document.body)}
      {dialog === 'delete' && can.delete && createPortal(<DeleteMessageDialog message={message} mine={message.sender?.id === meId} onClose={() => setDialog(undefined)} />, document.body)}
      {dialog === 'history' && can.history && createPortal(<EditHistoryDialog message={message} onClose={() => setDialog(undefined)} />, document.body)}
    </>
  );
}
