import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { codePointLength } from '@parley/protocol';
import { useChatController } from './useChat';

/** The protocol's limit for a message body, in code points. */
const MAX_BODY = 4000;

/** Writes and sends messages; works offline too (the outbox keeps them until the socket is back). */
export function Composer({ roomId, roomName, offline }: { roomId: string; roomName: string; offline: boolean }) {
  const { t } = useTranslation();
  const ctrl = useChatController();
  const [text, setText] = useState('');
  const length = codePointLength(text.trim());
  const tooLong = length > MAX_BODY;

  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (length === 0 || tooLong) return;
    ctrl.sendMessage(roomId, text);
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter breaks the line; Enter that confirms an IME candidate (Chinese input) does neither.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) send(e);
  };

  return (
    <form className="composer border-top p-2 p-sm-3" onSubmit={send}>
      {offline && (
        <p className="small text-body-secondary mb-2" data-testid="offline-hint">
          <i className="fa-solid fa-plug-circle-xmark me-1" aria-hidden="true" />
          {t('connection.offlineHint')}
        </p>
      )}
      <div className="d-flex gap-2 align-items-end">
        <label htmlFor="composer-input" className="visually-hidden">{t('chat.messageLabel')}</label>
        <textarea
          id="composer-input"
          className={`form-control composer-input${tooLong ? ' is-invalid' : ''}`}
          rows={1}
          placeholder={t('chat.placeholder', { name: roomName })}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            ctrl.setTyping(roomId, e.target.value.trim().length > 0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => ctrl.setTyping(roomId, false)}
          data-testid="composer-input"
        />
        <button type="submit" className="btn btn-primary text-nowrap" disabled={length === 0 || tooLong} aria-label={t('chat.send')} data-testid="send-button">
          <i className="fa-solid fa-paper-plane" aria-hidden="true" />
          <span className="d-none d-sm-inline ms-2">{t('chat.send')}</span>
        </button>
      </div>
      {length > MAX_BODY - 200 && (
        <div className={`small text-end mt-1 ${tooLong ? 'text-danger' : 'text-body-secondary'}`}>
          {length} / {MAX_BODY}
        </div>
      )}
    </form>
  );
}
