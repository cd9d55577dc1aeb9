import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '@parley/protocol';
import { logout } from '../../api/auth';
import { useErrorText } from '../../components/useErrorText';
import { listSessions, revokeAllSessions, revokeSession } from './sessions-api';
import { summarizeUserAgent } from './user-agent';

type Pending = { kind: 'others' } | { kind: 'all' };

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "5 minutes ago" / "5 分钟前" in the UI language; under a minute is "now". */
function relativeTime(iso: string, lang: string): string {
  const diff = Date.parse(iso) - Date.now();
  const format = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) if (Math.abs(diff) >= ms) return format.format(Math.round(diff / ms), unit);
  return format.format(0, 'second');
}

function SessionRow({ session, onRevoke, busy }: { session: SessionInfo; onRevoke(): void; busy: boolean }) {
  const { t, i18n } = useTranslation();
  const { browser, os } = summarizeUserAgent(session.userAgent);
  const device = browser && os ? t('sessions.device', { browser, os }) : (browser ?? os ?? t('sessions.unknownDevice'));
  const mobile = os === 'iPhone' || os === 'Android' || os === 'iPad';
  return (
    <li className="list-group-item d-flex align-items-center gap-3 px-0" data-testid="session-row" data-current={session.current}>
      <i className={`fa-solid ${mobile ? 'fa-mobile-screen' : 'fa-desktop'} fa-fw text-body-secondary`} aria-hidden="true" />
      <div className="flex-grow-1 min-w-0">
        <div className="fw-semibold text-truncate">
          {device}
          {session.current && <span className="badge text-bg-success ms-2" data-testid="session-current">{t('sessions.thisDevice')}</span>}
        </div>
        <div className="small text-body-secondary text-truncate">
          {[session.ip || undefined, t('sessions.lastActive', { when: relativeTime(session.lastUsedAt, i18n.language) })].filter(Boolean).join(' · ')}
        </div>
      </div>
      {!session.current && (
        <button type="button" className="btn btn-sm btn-outline-danger flex-shrink-0" disabled={busy} onClick={onRevoke} data-testid="session-revoke">
          {t('sessions.logOut')}
        </button>
      )}
    </li>
  );
}

/** The user's signed-in devices: sign one out, every other one, or all of them (this one too). */
export function SessionsSection() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [sessions, setSessions] = useState<SessionInfo[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | undefined>();

  const reload = useCallback(async () => {
    try {
      setSessions(await listSessions());
    } catch (err) {
      setError(errorText(err));
    }
  }, [errorText]);

  useEffect(() => {
    void reload();
  }, [reload]);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setPending(undefined);
      await reload();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const confirmAll = async () => {
    await revokeAllSessions(true);
    // This device is signed out too; logout() forgets the tokens and shows the sign-in page.
    await logout();
  };

  const others = sessions?.filter((s) => !s.current).length ?? 0;
  return (
    <section aria-labelledby="sessions-title" data-testid="sessions-section">
      <h3 id="sessions-title" className="h6 fw-semibold mb-1">{t('sessions.title')}</h3>
      <p className="small text-body-secondary mb-2">{t('sessions.intro')}</p>
      {sessions === undefined && !error && <div className="text-body-secondary small">{t('common.working')}</div>}
      {sessions && (
        <ul className="list-group list-group-flush mb-3">
          {/* This device first, then the others by last use (the server's order). */}
          {[...sessions].sort((x, y) => Number(y.current) - Number(x.current)).map((s) => (
            <SessionRow key={s.id} session={s} busy={busy} onRevoke={() => void run(() => revokeSession(s.id))} />
          ))}
        </ul>
      )}
      {pending ? (
        <div className="alert alert-warning py-2" role="alertdialog" aria-labelledby="sessions-confirm-text" data-testid="sessions-confirm">
          <p id="sessions-confirm-text" className="mb-2">{t(pending.kind === 'all' ? 'sessions.confirmAll' : 'sessions.confirmOthers')}</p>
          <div className="d-flex flex-wrap gap-2">
            <button type="button" className="btn btn-sm btn-danger" disabled={busy} data-testid="sessions-confirm-button"
              onClick={() => void run(pending.kind === 'all' ? confirmAll : () => revokeAllSessions(false))}>
              {t(pending.kind === 'all' ? 'sessions.logOutAll' : 'sessions.logOutOthers')}
            </button>
            <button type="button" className="btn btn-sm btn-outline-secondary" onClick={() => setPending(undefined)}>{t('common.cancel')}</button>
          </div>
        </div>
      ) : (
        <div className="d-flex flex-wrap gap-2">
          <button type="button" className="btn btn-outline-danger" disabled={busy || others === 0} onClick={() => setPending({ kind: 'others' })} data-testid="sessions-revoke-others">
            {t('sessions.logOutOthers')}
          </button>
          <button type="button" className="btn btn-outline-danger" disabled={busy || sessions === undefined} onClick={() => setPending({ kind: 'all' })} data-testid="sessions-revoke-all">
            {t('sessions.logOutAll')}
          </button>
        </div>
      )}
      {error && <div className="alert alert-danger py-2 mt-3 mb-0" role="alert" data-testid="sessions-error">{error}</div>}
    </section>
  );
}
