import { useTranslation } from 'react-i18next';
import type { AdminStats } from '@parley/protocol';
import { formatBytes } from '../../attachments/file-kind';
import { formatCount } from './chart-labels';

interface Card {
  key: string;
  icon: string;
  label: string;
  value: string;
  note?: string;
}

/** The headline numbers: who is online now, how much there is, and how much room it takes. */
export function StatCards({ stats }: { stats: AdminStats }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cards: Card[] = [
    { key: 'online', icon: 'fa-signal', label: t('adminDashboard.onlineNow'), value: formatCount(stats.onlineUsers, lang) },
    { key: 'users', icon: 'fa-users', label: t('adminDashboard.users'), value: formatCount(stats.totals.users, lang) },
    { key: 'rooms', icon: 'fa-hashtag', label: t('adminDashboard.rooms'), value: formatCount(stats.totals.rooms, lang) },
    { key: 'messages', icon: 'fa-comments', label: t('adminDashboard.messages'), value: formatCount(stats.totals.messages, lang) },
    { key: 'database', icon: 'fa-database', label: t('adminDashboard.database'), value: formatBytes(stats.storage.databaseBytes, lang) },
    {
      key: 'uploads',
      icon: 'fa-paperclip',
      label: t('adminDashboard.uploads'),
      value: formatBytes(stats.storage.uploadsBytes, lang),
      note: t('adminDashboard.fileCount', { count: stats.storage.uploadsFiles, files: formatCount(stats.storage.uploadsFiles, lang) }),
    },
  ];
  return (
    <ul className="row row-cols-2 row-cols-md-3 row-cols-xl-6 g-2 list-unstyled mb-3" aria-label={t('adminDashboard.cardsLabel')}>
      {cards.map((c) => (
        <li className="col" key={c.key}>
          <div className="card h-100 admin-stat-card">
            <div className="card-body p-2 p-sm-3">
              <div className="small text-body-secondary d-flex align-items-center gap-2">
                <i className={`fa-solid ${c.icon}`} aria-hidden="true" />
                <span className="text-truncate">{c.label}</span>
              </div>
              <div className="fs-4 fw-semibold lh-sm mt-1 text-break" data-testid={`stat-${c.key}`}>{c.value}</div>
              {c.note && <div className="small text-body-secondary" data-testid={`stat-${c.key}-note`}>{c.note}</div>}
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
