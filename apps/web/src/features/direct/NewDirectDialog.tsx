import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DIRECT_MAX_MEMBERS } from '@parley/protocol';
import { Avatar } from '../../components/Avatar';
import { Modal } from '../../components/Modal';
import { useErrorText } from '../../components/useErrorText';
import { reportError } from '../../lib/report';
import { useChatController } from '../chat/useChat';
import { findPeople, openDirect } from './direct-api';
import { filterPeople, type Person } from './people';

/** Everyone but the caller. */
const MAX_PEOPLE = DIRECT_MAX_MEMBERS - 1;

/**
 * Starts (or reopens) a direct conversation: find people among those the caller shares rooms with, tick
 * up to seven, open. Enter in the search box ticks the only match, or opens when the box is empty.
 */
export function NewDirectDialog({ onClose, onOpened }: { onClose(): void; onOpened?: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const ctrl = useChatController();
  const searchId = useId();
  const [people, setPeople] = useState<Person[] | undefined>();
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<Person[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const signal = { aborted: false };
    findPeople(ctrl, signal).then(
      (found) => {
        if (!signal.aborted) setPeople(found);
      },
      (err: unknown) => {
        reportError('loading people failed', err);
        if (!signal.aborted) setError(errorText(err));
      },
    );
    return () => {
      signal.aborted = true;
    };
  }, [ctrl, errorText]);

  const shown = people ? filterPeople(people, query, i18n.language) : [];
  const isPicked = (p: Person) => picked.some((x) => x.user.id === p.user.id);
  const full = picked.length >= MAX_PEOPLE;

  function toggle(p: Person) {
    setError(undefined);
    setPicked((cur) => (cur.some((x) => x.user.id === p.user.id) ? cur.filter((x) => x.user.id !== p.user.id) : cur.length >= MAX_PEOPLE ? cur : [...cur, p]));
  }

  async function open(e?: FormEvent) {
    e?.preventDefault();
    if (picked.length === 0 || busy) return;
    setBusy(true);
    try {
      await openDirect(ctrl, picked.map((p) => p.user.id));
      onClose();
      onOpened?.();
    } catch (err) {
      setError(errorText(err));
      setBusy(false);
    }
  }

  return (
    <Modal title={t('direct.dialogTitle')} onClose={onClose} testId="new-direct-dialog">
      <form onSubmit={(e) => void open(e)} noValidate>
        {picked.length > 0 && (
          <ul className="list-unstyled d-flex flex-wrap gap-1 mb-2" aria-label={t('direct.selected')} data-testid="direct-picked">
            {picked.map((p) => (
              <li key={p.user.id}>
                <button type="button" className="btn btn-sm btn-primary rounded-pill direct-chip" onClick={() => toggle(p)} aria-label={t('direct.remove', { name: p.user.displayName })}>
                  <span className="text-truncate">{p.user.displayName}</span>
                  <i className="fa-solid fa-xmark ms-1" aria-hidden="true" />
                </button>
              </li>
            ))}
          </ul>
        )}
        <label htmlFor={searchId} className="form-label">{t('direct.searchLabel')}</label>
        <input
          id={searchId}
          type="search"
          className="form-control"
          placeholder={t('direct.searchPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.nativeEvent.isComposing) return;
            e.preventDefault();
            const only = shown.length === 1 ? shown[0] : undefined;
            if (query.trim() !== '' && only) {
              toggle(only);
              setQuery('');
            } else if (query.trim() === '') void open();
          }}
          autoComplete="off"
          data-autofocus
          data-testid="direct-search"
        />
        <p className={`small mt-1 mb-2 ${full ? 'text-warning-emphasis' : 'text-body-secondary'}`} aria-live="polite">
          {full ? t('direct.limitReached', { count: MAX_PEOPLE }) : t('direct.hint', { count: MAX_PEOPLE })}
        </p>
        <div className="direct-people border rounded mb-3" data-testid="direct-people">
          {!people && !error && <p className="p-3 mb-0 small text-body-secondary">{t('direct.loading')}</p>}
          {people?.length === 0 && <p className="p-3 mb-0 small text-body-secondary">{t('direct.noPeople')}</p>}
          {people && people.length > 0 && shown.length === 0 && <p className="p-3 mb-0 small text-body-secondary" role="status">{t('direct.noMatches', { query: query.trim() })}</p>}
          <ul className="list-unstyled mb-0">
            {shown.map((p) => (
              <PersonOption key={p.user.id} person={p} checked={isPicked(p)} disabled={full && !isPicked(p)} onToggle={() => toggle(p)} />
            ))}
          </ul>
        </div>
        {error && <div className="alert alert-danger py-2" role="alert">{error}</div>}
        <div className="d-flex justify-content-end gap-2">
          <button type="button" className="btn btn-outline-secondary" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="btn btn-primary" disabled={picked.length === 0 || busy} data-testid="direct-open">{t('direct.start')}</button>
        </div>
      </form>
    </Modal>
  );
}

function PersonOption({ person: { user }, checked, disabled, onToggle }: { person: Person; checked: boolean; disabled: boolean; onToggle(): void }) {
  const id = useId();
  return (
    <li className="direct-person" data-testid="direct-person" data-username={user.username}>
      <input id={id} type="checkbox" className="form-check-input flex-shrink-0 m-0" checked={checked} disabled={disabled} onChange={onToggle} />
      <label htmlFor={id} className="d-flex align-items-center gap-2 min-w-0 flex-grow-1">
        <Avatar userId={user.id} name={user.displayName} avatar={user.avatar} size="sm" />
        <span className="text-truncate">{user.displayName}</span>
        <span className="small text-body-secondary text-truncate">@{user.username}</span>
      </label>
    </li>
  );
}
