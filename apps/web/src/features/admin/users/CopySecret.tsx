import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A read-only secret with a copy button; without a clipboard the text is selected for a manual copy. */
export function CopySecret({ label, value, testId, multiline }: { label: string; value: string; testId: string; multiline?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      // Plain HTTP or a refused permission: the reader copies it by hand.
      (document.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | null)?.select();
      setState('failed');
    }
  };
  const button = (
    <button type="button" className="btn btn-outline-secondary" onClick={() => void copy()} data-testid={`${testId}-copy`}>
      <i className={`fa-solid ${state === 'copied' ? 'fa-check' : 'fa-copy'} me-1`} aria-hidden="true" />
      {state === 'copied' ? t('adminReset.copied') : t('adminReset.copy')}
    </button>
  );
  return (
    <>
      <label htmlFor={id} className="form-label fw-semibold">{label}</label>
      {multiline ? (
        <>
          {/* A link is long: all of it stays visible, so the admin can see what they pass on. */}
          <textarea id={id} className="form-control font-monospace admin-secret mb-2" rows={4} readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
          <div className="d-flex justify-content-end">{button}</div>
        </>
      ) : (
        <div className="input-group">
          <input id={id} className="form-control font-monospace" readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
          {button}
        </div>
      )}
      <div role="status" className="form-text">{state === 'failed' ? t('adminReset.copyFailed') : ''}</div>
    </>
  );
}
