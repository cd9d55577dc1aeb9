import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { curlExample } from './webhooks-api';

/** How long "Copied" stays on the button before it reads "Copy" again. */
const COPIED_MS = 2000;

/**
 * Copies the input's text. The Clipboard API needs a secure context, and a self-hosted server is often
 * plain HTTP on a LAN: then the selection is copied the old way, or left selected to copy by hand.
 */
async function copyFrom(input: HTMLInputElement): Promise<boolean> {
  input.focus();
  input.select();
  if (window.isSecureContext && typeof navigator.clipboard?.writeText === 'function') {
    try {
      await navigator.clipboard.writeText(input.value);
      return true;
    } catch {
      // Permission refused: fall through to the selection.
    }
  }
  // execCommand is deprecated but remains the only copy path outside a secure context.
  return document.execCommand('copy');
}

/** A just-created webhook's URL, shown this once, with a copy button and a curl example. */
export function WebhookCreated({ name, url, onDone }: { name: string; url: string; onDone(): void }) {
  const { t } = useTranslation();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = setTimeout(() => setCopy('idle'), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyUrl() {
    if (inputRef.current) setCopy((await copyFrom(inputRef.current)) ? 'copied' : 'failed');
  }

  return (
    <div className="alert alert-success py-2 mt-2 mb-0" data-testid="webhook-created">
      <p className="small mb-2 text-break">{t('webhooks.copyNow', { name })}</p>
      <label htmlFor="webhook-url" className="visually-hidden">{t('webhooks.urlLabel')}</label>
      <div className="input-group input-group-sm mb-2">
        <input id="webhook-url" ref={inputRef} className="form-control font-monospace" value={url} readOnly onFocus={(e) => e.target.select()} data-testid="webhook-url" />
        <button type="button" className="btn btn-outline-secondary text-nowrap" onClick={() => void copyUrl()} data-testid="webhook-copy">
          <i className={`fa-solid ${copy === 'copied' ? 'fa-check' : 'fa-copy'} me-1`} aria-hidden="true" />
          {copy === 'copied' ? t('webhooks.copied') : t('webhooks.copy')}
        </button>
      </div>
      {copy === 'failed' && <p className="small mb-2" role="status">{t('webhooks.copyFailed')}</p>}
      <p className="small mb-1">{t('webhooks.curlHelp')}</p>
      <pre className="small bg-body border rounded p-2 mb-2 text-wrap text-break" data-testid="webhook-curl"><code>{curlExample(url)}</code></pre>
      <button type="button" className="btn btn-sm btn-outline-secondary" onClick={onDone} data-testid="webhook-done">
        {t('webhooks.done')}
      </button>
    </div>
  );
}
