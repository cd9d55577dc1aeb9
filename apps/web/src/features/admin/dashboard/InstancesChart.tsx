import { useTranslation } from 'react-i18next';
import type { InstanceStats } from '@parley/protocol';
import { formatExact } from '../../../lib/relative-time';
import { formatCount } from './chart-labels';

/** One bar per running server, as long as its share of the busiest one's sockets. */
export function InstancesChart({ instances }: { instances: readonly InstanceStats[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const max = Math.max(1, ...instances.map((i) => i.sockets));
  const sockets = instances.reduce((n, i) => n + i.sockets, 0);
  const summary = t('adminDashboard.instancesSummary', {
    servers: t('adminDashboard.servers', { count: instances.length, n: formatCount(instances.length, lang) }),
    connections: t('adminDashboard.connections', { count: sockets, n: formatCount(sockets, lang) }),
  });
  return (
    <figure className="mb-0" data-testid="chart-instances">
      {instances.length === 0 && <p className="small text-body-secondary mb-0">{t('adminDashboard.noInstances')}</p>}
      <ul className="list-unstyled mb-0 d-grid gap-2" aria-label={summary}>
        {instances.map((inst) => {
          const label = t('adminDashboard.instanceSockets', { count: inst.sockets, sockets: formatCount(inst.sockets, lang), online: formatCount(inst.onlineUsers, lang) });
          return (
            <li key={inst.id} className="admin-instance-row" data-testid="instance-row" data-sockets={inst.sockets}>
              <div className="d-flex flex-wrap justify-content-between column-gap-2 small">
                <span className="text-truncate mw-100 font-monospace" title={t('adminDashboard.instanceStarted', { when: formatExact(Date.parse(inst.startedAt), lang) })}>{inst.id}</span>
                <span className="text-nowrap text-body-secondary">{label}</span>
              </div>
              <svg width="100%" height="12" aria-hidden="true" className="d-block">
                <rect className="admin-chart-track" x="0" y="0" width="100%" height="12" rx="3" />
                <rect className="admin-chart-bar" x="0" y="0" width={`${(inst.sockets / max) * 100}%`} height="12" rx="3" />
              </svg>
            </li>
          );
        })}
      </ul>
      <figcaption className="small text-body-secondary mt-2" data-testid="chart-instances-summary">{summary}</figcaption>
    </figure>
  );
}
