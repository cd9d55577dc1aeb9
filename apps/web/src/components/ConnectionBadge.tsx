import { useTranslation } from 'react-i18next';
import type { ConnectionState } from '../ws/chat-state';

const STYLE: Record<ConnectionState, { badge: string; icon: string }> = {
  connected: { badge: 'text-bg-success', icon: 'fa-circle-check' },
  connecting: { badge: 'text-bg-warning', icon: 'fa-spinner fa-spin-pulse' },
  reconnecting: { badge: 'text-bg-warning', icon: 'fa-rotate fa-spin' },
  offline: { badge: 'text-bg-danger', icon: 'fa-plug-circle-xmark' },
};

/** Always-visible socket state; announced politely to screen readers when it changes. */
export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  const { badge, icon } = STYLE[state];
  return (
    <span className={`badge rounded-pill connection-badge ${badge}`} role="status" aria-live="polite" data-testid="connection-state" data-state={state}>
      <i className={`fa-solid ${icon} me-1`} aria-hidden="true" />
      {t(`connection.${state}`)}
    </span>
  );
}
