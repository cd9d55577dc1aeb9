import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { codePointLength, type Message } from '@parley/protocol';
import { useErrorText } from '../../components/useErrorText';
import { saveEdit } from './message-actions';
import { stopEditing } from './message-editing';
import { useChatController } from './useChat';

/** The protocol's limit for a message body, in code points. */
const MAX_BODY = 4000;
/** What keydown reports as keyCode while an IME owns the key. */
const IME_KEY_CODE = 229;

/**
 * Edits a message in place: Enter saves, Shift+Enter breaks the line, Escape cancels, and an Enter
 * that confirms an IME candidate does neither. A text message needs text; a caption may be empty.
 */
export function InlineEditor({ message }: { message: Message }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const input = useRef<HTMLTextAreaElement>(null);
  const composing = useRef(false);
  const [text, setText] = useState(message.body);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const length = codePointLength(text.trim());
  const problem = length > MAX_BODY ? t('messageActions.tooLong', { max: MAX_BODY }) : message.kind === 'text' && length === 0 ? t('messageActions.emptyText') : undefined;

  useEffect(() => {
    const el = input.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
    el.scrollIntoView({ block: 'nearest' });
  }, []);

  const cancel = () => stopEditing(message.id);

  async function save() {
    if (problem || busy) return;
    if (text.trim() === message.body.trim()) {
      cancel();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await saveEdit(ctrl, message.roomId, message.id, text.trim());
      stopEditing(message.id);
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      cancel();
      return;
    }
    if (e.key !== 'Enter' || e.shiftKey || composing.current || e.nativeEvent.isComposing || e.keyCode === IME_KEY_CODE) return;
    e.preventDefault();
    void save();
  };

  const errorId = `edit-error-${message.id}`;
  return (
    <div className="inline-editor mt-1" data-testid="inline-editor">
      <textarea
        ref={input}
        className={`form-control${problem ? ' is-invalid' : ''}`}
        aria-label={t('messageActions.editLabel')}
        aria-describedby={problem || error ? errorId : undefined}
        value={text}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        disabled={busy}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={() => {
          composing.current = false;
        }}
        data-testid="edit-input"
      />
      {(problem || error) && (
        <div id={errorId} className="small text-danger mt-1" role="alert">
          {problem ?? error}
        </div>
      )}
      <div className="d-flex flex-wrap align-items-center gap-2 mt-1">
        <span className="small text-body-secondary me-auto">{t('messageActions.editHint')}</span>
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={cancel} data-testid="edit-cancel">
          {t('messageActions.cancel')}
        </button>
        <button type="button" className="btn btn-sm btn-primary" disabled={busy || problem !== undefined} onClick={() => void save()} data-testid="edit-save">
          {t('messageActions.save')}
        </button>
      </div>
    </div>
  );
}
