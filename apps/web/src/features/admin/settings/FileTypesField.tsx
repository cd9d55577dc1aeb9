import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invalidTypes, splitTypes } from './settings-form';

interface FileTypesFieldProps {
  id: string;
  value: readonly string[];
  onChange(next: string[]): void;
  /** The message to show under the field (already translated), if any. */
  error: string | undefined;
}

/** Suggestions an admin reaches for most; each adds its pattern unless present. */
const PRESETS = ['image/*', 'application/pdf', 'text/plain', '*/*'];

/** Allowed upload types as removable chips, with a box that takes one or many patterns at a time. */
export function FileTypesField({ id, value, onChange, error }: FileTypesFieldProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [bad, setBad] = useState<string[]>([]);

  const add = (raw: string) => {
    const patterns = splitTypes(raw);
    if (patterns.length === 0) return;
    const invalid = invalidTypes(patterns);
    setBad(invalid);
    if (invalid.length > 0) return;
    onChange([...value, ...patterns.filter((p) => !value.includes(p))]);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add(text);
    }
  };
  const message = bad.length > 0 ? t('adminSettings.typesBad', { types: bad.join(', ') }) : error;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;

  return (
    <div>
      <ul className="list-unstyled d-flex flex-wrap gap-2 mb-2" aria-label={t('adminSettings.typesList')} data-testid="file-types">
        {value.map((p) => (
          <li key={p} className="badge rounded-pill text-bg-secondary d-flex align-items-center gap-1 fw-normal fs-6 admin-type-chip" data-testid="file-type-chip" data-type={p}>
            <span className="font-monospace small">{p}</span>
            <button type="button" className="btn-close btn-close-white admin-chip-close" aria-label={t('adminSettings.typeRemove', { type: p })} onClick={() => onChange(value.filter((v) => v !== p))} />
          </li>
        ))}
      </ul>
      <div className="input-group">
        <input
          id={id}
          className={`form-control font-monospace${message ? ' is-invalid' : ''}`}
          value={text}
          placeholder={t('adminSettings.typePlaceholder')}
          onChange={(e) => {
            setText(e.target.value);
            setBad([]);
          }}
          onKeyDown={onKey}
          onPaste={(e) => {
            const pasted = e.clipboardData.getData('text');
            if (/[\s,;]/.test(pasted.trim())) {
              e.preventDefault();
              add(pasted);
            }
          }}
          aria-describedby={`${helpId}${message ? ` ${errorId}` : ''}`}
          aria-invalid={message ? true : undefined}
          data-testid="file-type-input"
        />
        <button type="button" className="btn btn-outline-primary" onClick={() => add(text)} disabled={!text.trim()} data-testid="file-type-add">
          {t('adminSettings.typeAdd')}
        </button>
      </div>
      {message && <div id={errorId} className="invalid-feedback d-block" data-testid="error-allowedFileTypes">{message}</div>}
      <div id={helpId} className="form-text">{t('adminSettings.typesHelp')}</div>
      <div className="d-flex flex-wrap gap-1 mt-1">
        {PRESETS.filter((p) => !value.includes(p)).map((p) => (
          <button key={p} type="button" className="btn btn-sm btn-link p-0 me-2 font-monospace" aria-label={t('adminSettings.typeAddOne', { type: p })} onClick={() => onChange([...value, p])}>
            + {p}
          </button>
        ))}
      </div>
    </div>
  );
}
