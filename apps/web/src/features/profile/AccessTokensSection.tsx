import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessTokenInfo, AccessTokenScope, CreateAccessTokenBody, CreatedAccessToken } from '@parley/protocol';
import { useErrorText } from '../../components/useErrorText';
import { createAccessToken, listAccessTokens, revokeAccessToken } from './access-tokens-api';

/** Expiry choices in days; 0 is "never". */
const EXPIRY_DAYS = [30, 90, 365, 0] as const;

function TokenRow({ token, onRevoke, busy }: { token: AccessTokenInfo; onRevoke(): void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  const facts = [
    t('accessTokens.created', { at: date(token.createdAt) }),
    token.lastUsedAt ? t('accessTokens.lastUsed', { at: date(token.lastUsedAt) }) : t('accessTokens.neverUsed'),
    token.expiresAt ? t('accessTokens.expires', { at: date(token.expiresAt) }) : t('accessTokens.noExpiry'),
  ];
  return (
    <li className="list-group-item d-flex align-items-center gap-3 px-0" data-testid="access-token-row">
      <i className="fa-solid fa-key fa-fw text-body-secondary" aria-hidden="true" />
      <div className="flex-grow-1 min-w-0">
        <div className="fw-semibold text-truncate">
          <span data-testid="access-token-name">{token.name}</span>
          {token.scopes.map((s) => (
            <span key={s} className="badge text-bg-secondary ms-2">{t(`accessTokens.scope.${s}`)}</span>
          ))}
        </div>
        <div className="small text-body-secondary">{facts.join(' · ')}</div>
      </div>
      <button type="button" className="btn btn-sm btn-outline-danger flex-shrink-0" disabled={busy} onClick={onRevoke} data-testid="access-token-revoke">
        {t('accessTokens.revoke')}
      </button>
    </li>
  );
}

/** The secret of a token just created, shown this once with a copy button. */
function NewTokenNotice({ created, onDone }: { created: CreatedAccessToken; onDone(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      // No clipboard (plain HTTP, or refused): the field is selected for a manual copy instead.
      (document.getElementById('access-token-secret') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="alert alert-success py-2" role="status" data-testid="access-token-created">
      <p className="mb-2">{t('accessTokens.copyNow', { name: created.name })}</p>
      <div className="input-group input-group-sm mb-2">
        <input id="access-token-secret" className="form-control font-monospace" readOnly value={created.token}
          aria-label={t('accessTokens.secretLabel')} onFocus={(e) => e.currentTarget.select()} data-testid="access-token-secret" />
        <button type="button" className="btn btn-outline-secondary" onClick={() => void copy()}>
          <i className="fa-solid fa-copy me-1" aria-hidden="true" />
          {copied ? t('accessTokens.copied') : t('accessTokens.copy')}
        </button>
      </div>
      <button type="button" className="btn btn-sm btn-success" onClick={onDone} data-testid="access-token-done">{t('accessTokens.done')}</button>
    </div>
  );
}

/** The "new token" form; `onCreate` gets the body, and the form clears its name once it succeeds. */
function CreateTokenForm({ busy, onCreate }: { busy: boolean; onCreate(body: CreateAccessTokenBody): Promise<boolean> }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<AccessTokenScope[]>(['read']);
  const [days, setDays] = useState<number>(90);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onCreate({ name: name.trim(), scopes, ...(days > 0 && { expiresInDays: days }) }).then((ok) => ok && setName(''));
  };
  const toggle = (scope: AccessTokenScope) => setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  return (
    <form onSubmit={submit} className="d-flex flex-column gap-2" data-testid="access-token-form">
      <label className="form-label small mb-0" htmlFor="access-token-name">{t('accessTokens.name')}</label>
      <input id="access-token-name" className="form-control" value={name} maxLength={64} required
        placeholder={t('accessTokens.namePlaceholder')} onChange={(e) => setName(e.target.value)} data-testid="access-token-name-input" />
      <fieldset className="d-flex flex-wrap gap-3">
        <legend className="form-label small mb-0 w-100">{t('accessTokens.scopes')}</legend>
        {(['read', 'write'] as const).map((s) => (
          <div className="form-check" key={s}>
            <input className="form-check-input" type="checkbox" id={`access-token-scope-${s}`} checked={scopes.includes(s)} onChange={() => toggle(s)} />
            <label className="form-check-label" htmlFor={`access-token-scope-${s}`}>{t(`accessTokens.scopeHelp.${s}`)}</label>
          </div>
        ))}
      </fieldset>
      <label className="form-label small mb-0" htmlFor="access-token-expiry">{t('accessTokens.expiry')}</label>
      <select id="access-token-expiry" className="form-select" value={days} onChange={(e) => setDays(Number(e.target.value))}>
        {EXPIRY_DAYS.map((d) => (
          <option key={d} value={d}>{d === 0 ? t('accessTokens.never') : t('accessTokens.days', { count: d })}</option>
        ))}
      </select>
      <div>
        <button type="submit" className="btn btn-primary" disabled={busy || scopes.length === 0 || name.trim() === ''} data-testid="access-token-create">
          {t('accessTokens.create')}
        </button>
      </div>
    </form>
  );
}

/** Personal access tokens for scripts and bots: create (secret shown once), list, revoke. */
export function AccessTokensSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [tokens, setTokens] = useState<AccessTokenInfo[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedAccessToken | undefined>();

  const reload = useCallback(async () => {
    try {
      setTokens(await listAccessTokens());
    } catch (err) {
      setError(errorText(err));
    }
  }, [errorText]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** True when `action` succeeded. */
  async function run(action: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      await reload();
      return true;
    } catch (err) {
      setError(errorText(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="access-tokens-title" data-testid="access-tokens-section">
      <h3 id="access-tokens-title" className="h6 fw-semibold mb-1">{t('accessTokens.title')}</h3>
      <p className="small text-body-secondary mb-2">{t('accessTokens.intro')}</p>
      {created && <NewTokenNotice created={created} onDone={() => setCreated(undefined)} />}
      {tokens === undefined && !error && <div className="text-body-secondary small">{t('common.working')}</div>}
      {tokens && tokens.length === 0 && <p className="small text-body-secondary" data-testid="access-tokens-empty">{t('accessTokens.none')}</p>}
      {tokens && tokens.length > 0 && (
        <ul className="list-group list-group-flush mb-3">
          {tokens.map((tok) => (
            <TokenRow key={tok.id} token={tok} busy={busy} onRevoke={() => void run(() => revokeAccessToken(tok.id))} />
          ))}
        </ul>
      )}
      <CreateTokenForm busy={busy} onCreate={(body) => run(async () => setCreated(await createAccessToken(body)))} />
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="access-tokens-error">{error}</div>}
    </section>
  );
}
