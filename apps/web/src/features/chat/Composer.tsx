import { useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { codePointLength } from '@parley/protocol';
import { UploadTray } from '../attachments/UploadTray';
import { isUploading, readyUploads, visibleUploads } from '../attachments/upload-queue';
import { useAttachments, useUploadEntries } from '../attachments/useAttachments';
import { EmojiPicker } from './EmojiPicker';
import { editLastOwnMessage } from './message-editing';
import { ReplyBar } from './ReplyBar';
import { setReplyTo } from './reply-draft';
import { MentionAutocomplete } from './MentionAutocomplete';
import { useMentionAutocomplete } from './useMentionAutocomplete';
import { useChatController, useChatState } from './useChat';

/** The protocol's limit for a message body, in code points. */
const MAX_BODY = 4000;
/** What keydown reports as keyCode while an IME owns the key (the Enter that picks a candidate, too). */
const IME_KEY_CODE = 229;

/**
 * True for the Enter that confirms an IME candidate (Chinese, Japanese, Korean input) rather than
 * sending. isComposing covers most browsers; keyCode 229 covers Safari, which sends that Enter after
 * compositionend with isComposing false; the composition flag covers browsers that report neither.
 */
function isImeEnter(e: KeyboardEvent<HTMLTextAreaElement>, composing: boolean): boolean {
  return composing || e.nativeEvent.isComposing || e.keyCode === IME_KEY_CODE;
}

/**
 * Writes and sends messages, with attachments from the file picker, a paste or a drop (ChatPane).
 * Sending works offline too (the outbox keeps the messages); uploading needs the network.
 */
export function Composer({ roomId, roomName, offline }: { roomId: string; roomName: string; offline: boolean }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const { uploads } = useAttachments();
  const entries = useUploadEntries();
  const fileInput = useRef<HTMLInputElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  /** Where the caret goes once an inserted emoji has reached the textarea. */
  const caretAfterInsert = useRef<number | undefined>(undefined);
  const [text, setText] = useState('');
  const replyTo = useChatState((s) => s.rooms[roomId]?.replyTo);
  const cancelReply = () => ctrl.store.update((s) => setReplyTo(s, roomId, undefined));
  const length = codePointLength(text.trim());
  const tooLong = length > MAX_BODY;
  const shown = visibleUploads(entries, roomId);
  const ready = readyUploads(entries, roomId).length;
  const busy = isUploading(entries, roomId);
  const canSend = !tooLong && !busy && (length > 0 || ready > 0);

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    ctrl.sendMessage(roomId, text, uploads.take(roomId), replyTo);
    if (replyTo) cancelReply();
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (mention.onKeyDown(e)) return;
    if (e.key === 'Escape' && replyTo && !isImeEnter(e, composing.current)) {
      e.preventDefault();
      cancelReply();
      return;
    }
    // Up in an empty composer edits the user's last message, as in Slack.
    if (e.key === 'ArrowUp' && text === '' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && editLastOwnMessage(ctrl, roomId)) {
      e.preventDefault();
      return;
    }
    // Enter sends, Shift+Enter breaks the line; Enter that confirms an IME candidate does neither.
    if (e.key !== 'Enter' || e.shiftKey || isImeEnter(e, composing.current)) return;
    send(e);
  };

  const changeText = (next: string) => {
    setText(next);
    ctrl.setTyping(roomId, next.trim().length > 0);
  };

  const applyEdit = (next: string, caret: number) => {
    caretAfterInsert.current = caret;
    changeText(next);
  };
  const mention = useMentionAutocomplete({ roomId, text, applyEdit });

  const insertAtCaret = (insert: string) => {
    const el = input.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    caretAfterInsert.current = start + insert.length;
    changeText(text.slice(0, start) + insert + text.slice(end));
  };

  // Reply was picked on a message: the answer is typed here next.
  const replyId = replyTo?.id;
  useEffect(() => {
    if (replyId) input.current?.focus();
  }, [replyId]);

  useLayoutEffect(() => {
    const caret = caretAfterInsert.current;
    if (caret === undefined) return;
    caretAfterInsert.current = undefined;
    input.current?.focus();
    input.current?.setSelectionRange(caret, caret);
  }, [text]);

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...e.clipboardData.files];
    // A screenshot or a copied image becomes an upload. Text wins when both are there: office apps
    // put a picture of the copied text next to the text itself.
    if (files.length === 0 || e.clipboardData.getData('text/plain').trim() !== '') return;
    e.preventDefault();
    uploads.add(roomId, files);
  };

  return (
    <form className="composer border-top p-2 p-sm-3" onSubmit={send}>
      {offline && (
        <p className="small text-body-secondary mb-2" data-testid="offline-hint">
          <i className="fa-solid fa-plug-circle-xmark me-1" aria-hidden="true" />
          {t('connection.offlineHint')}
        </p>
      )}
      <UploadTray entries={shown} />
      {replyTo && <ReplyBar roomId={roomId} draft={replyTo} onCancel={cancelReply} />}
      <div className="d-flex gap-2 align-items-end position-relative">
        <MentionAutocomplete state={mention} />
        <input
          ref={fileInput}
          type="file"
          multiple
          className="d-none"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            uploads.add(roomId, [...(e.target.files ?? [])]);
            e.target.value = '';
          }}
          data-testid="attach-input"
        />
        <button
          type="button"
          className="btn btn-outline-secondary"
          onClick={() => fileInput.current?.click()}
          aria-label={t('uploads.attach')}
          title={t('uploads.attach')}
          data-testid="attach-button"
        >
          <i className="fa-solid fa-paperclip" aria-hidden="true" />
        </button>
        <EmojiPicker onPick={insertAtCaret} />
        <label htmlFor="composer-input" className="visually-hidden">{t('chat.messageLabel')}</label>
        <textarea
          ref={input}
          id="composer-input"
          className={`form-control composer-input${tooLong ? ' is-invalid' : ''}`}
          rows={1}
          placeholder={ready > 0 || busy ? t('uploads.captionPlaceholder') : t('chat.placeholder', { name: roomName })}
          value={text}
          onChange={(e) => changeText(e.target.value)}
          onSelect={(e) => mention.track(e.currentTarget)}
          aria-autocomplete="list"
          aria-controls={mention.open ? mention.listId : undefined}
          aria-activedescendant={mention.open ? mention.optionId(mention.active) : undefined}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
          onPaste={onPaste}
          onBlur={() => ctrl.setTyping(roomId, false)}
          data-testid="composer-input"
        />
        <button
          type="submit"
          className="btn btn-primary text-nowrap"
          disabled={!canSend}
          aria-label={t('chat.send')}
          title={busy ? t('uploads.waitForUploads') : undefined}
          data-testid="send-button"
        >
          <i className="fa-solid fa-paper-plane" aria-hidden="true" />
          <span className="d-none d-sm-inline ms-2">{t('chat.send')}</span>
        </button>
      </div>
      {busy && <div className="small text-body-secondary mt-1" role="status">{t('uploads.waitForUploads')}</div>}
      {length > MAX_BODY - 200 && (
        <div className={`small text-end mt-1 ${tooLong ? 'text-danger' : 'text-body-secondary'}`}>
          {length} / {MAX_BODY}
        </div>
      )}
    </form>
  );
}
