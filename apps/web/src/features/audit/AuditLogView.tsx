import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AuditAction, type AuditEntry } from '@parley/protocol';
import { useErrorText } from '../../components/useErrorText';
import { formatExact } from '../../lib/relative-time';
import { fetchAuditPage, type AuditScope } from './audit-api';
import { detailsText, personText } from './audit-text';

/** Whose log is shown: a room's (for its owner) or the instance's (for instance admins, with an action filter). */
export type AuditLogScope = { kind: 'room'; roomId: string; roomName: string } | { kind: 'instance' };

/** The log itself, newest first with "load more": shown in AuditLogDialog and in the admin console's Audit tab. */
export function AuditLogView({ scope }: { scope: AuditLogScope }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const [action, setAction] = useState<AuditAction | ''>('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [status, setStatus] = useState<'loading' | 'idle'>('loading');
  const [error, setError] = useState<string | undefined>();
  const roomId = scope.kind === 'room' ? scope.roomId : undefined;

  const query = useCallback(
    (before?: string) => {
      const s: AuditScope = roomId ? { kind: 'room', roomId } : { kind: 'instance', ...(action && { action }) };
      return fetchAuditPage(s, before);
    },
    [roomId, action],
  );

  useEffect(() => {
    let live = true;
    setStatus('loading');
    setError(undefined);
    query().then(
      (page) => {
        if (!live) return;
        setEntries(page.entries);
        setHasMore(page.hasMore);
        setStatus('idle');
      },
      (err: unknown) => {
        if (!live) return;
        setError(errorText(err));
        setStatus('idle');
      },
    );
    return () => {
      live = false;
    };
  }, [query, errorText]);

  async function loadMore() {
    const last = entries.at(-1);
    if (!last) return;
    setStatus('loading');
    try {
      const page = await query(last.id);
      setEntries((prev) => [...prev, ...page.entries]);
      setHasMore(page.hasMore);
    } catch (err) {
      setError(errorText(err));
    }
    setStatus('idle');
  }

  return (
    <>
      {scope.kind === 'instance' && (
        <div className="mb-3">
          <label htmlFor="audit-action" className="form-label">{t('audit.filter')}</label>
          <select id="audit-action" className="form-select" value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')} data-testid="audit-action-filter">
            <option value="">{t('audit.allActions')}</option>
            {AuditAction.options.map((a) => (
              <option key={a} value={a}>{t(`audit.action.${a}`)}</option>
            ))}
          </select>
        </div>
      )}
      {error && <div className="alert alert-danger py-2" role="alert" data-testid="audit-error">{error}</div>}
      {status === 'idle' && !error && entries.length === 0 && <p className="text-body-secondary" data-testid="audit-empty">{t('audit.empty')}</p>}
      <ol className="list-group list-group-flush audit-list" aria-busy={status === 'loading'} data-testid="audit-list">
        {entries.map((e) => (
          <AuditRow key={e.id} entry={e} lang={i18n.language} withIp={scope.kind === 'instance'} />
        ))}
      </ol>
      <div className="d-flex align-items-center gap-2 mt-3">
        {hasMore && (
          <button type="button" className="btn btn-outline-primary btn-sm" disabled={status === 'loading'} onClick={() => void loadMore()} data-testid="audit-more">
            {t('audit.more')}
          </button>
        )}
        {status === 'loading' && <span className="small text-body-secondary" role="status">{t('audit.loading')}</span>}
      </div>
    </>
  );
}

function AuditRow({ entry, lang, withIp }: { entry: AuditEntry; lang: string; withIp: boolean }) {
  const { t } = useTranslation();
  const time = (iso: string) => formatExact(Date.parse(iso), lang);
  const details = detailsText(t, time, entry);
  return (
    <li className="list-group-item px-0" data-testid="audit-entry" data-action={entry.action}>
      <div className="d-flex flex-wrap justify-content-between gap-2">
        <span className="fw-semibold" data-testid="audit-entry-action">{t(`audit.action.${entry.action}`)}</span>
        <time className="small text-body-secondary" dateTime={entry.at}>{time(entry.at)}</time>
      </div>
      <div className="small text-break">
        <span className="text-body-secondary">{t('audit.by')} </span>
        <span data-testid="audit-entry-actor">{personText(t, entry.actor)}</span>
        {entry.target && (
          <>
            <span className="text-body-secondary"> · {t('audit.target')} </span>
            <span data-testid="audit-entry-target">{personText(t, entry.target)}</span>
          </>
        )}
      </div>
      {details && <div className="small text-break" data-testid="audit-entry-details">{details}</div>}
      {withIp && entry.ip && <div className="small text-body-secondary">{t('audit.ip', { ip: entry.ip })}</div>}
    </li>
  );
}
