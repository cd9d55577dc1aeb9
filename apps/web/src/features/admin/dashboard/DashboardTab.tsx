import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminStats, SeriesPoint } from '@parley/protocol';
import { withLivePoint } from './chart-math';
import { dayHourLabel, dayLabel, formatCount, hourLabel, timeLabel } from './chart-labels';
import { messagesSummary, messagesTable, onlineSummary, onlineTable, type MessagesRange } from './dashboard-text';
import { InstancesChart } from './InstancesChart';
import { StatCards } from './StatCards';
import { StorageChart } from './StorageChart';
import { TimeSeriesChart } from './TimeSeriesChart';
import { useAdminStats } from './useAdminStats';

/** The instance at a glance: headline numbers and four charts, refreshed every 30 s while shown. */
export function DashboardTab() {
  const { t, i18n } = useTranslation();
  const { stats, error, loading, refresh } = useAdminStats();
  return (
    <section aria-labelledby="admin-dashboard-heading" data-testid="admin-dashboard">
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h2 className="h5 mb-0 me-auto" id="admin-dashboard-heading">{t('adminDashboard.title')}</h2>
        {stats && (
          <span className="small text-body-secondary" data-testid="dashboard-updated">
            {t('adminDashboard.updated', { when: new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(Date.parse(stats.generatedAt)) })}
          </span>
        )}
        <button type="button" className="btn btn-sm btn-outline-secondary" onClick={refresh} disabled={loading} data-testid="dashboard-refresh">
          <i className={`fa-solid fa-rotate-right me-1${loading ? ' fa-spin' : ''}`} aria-hidden="true" />
          {t('adminDashboard.refresh')}
        </button>
      </div>
      {error && (
        <div className="alert alert-warning py-2" role="alert" data-testid="dashboard-error">
          {stats ? t('adminDashboard.staleError', { error }) : error}
        </div>
      )}
      {!stats && !error && <p className="text-body-secondary" role="status">{t('adminDashboard.loading')}</p>}
      {stats && <DashboardBody stats={stats} />}
    </section>
  );
}

function DashboardBody({ stats }: { stats: AdminStats }) {
  const { t } = useTranslation();
  return (
    <>
      <StatCards stats={stats} />
      <div className="row g-3">
        <div className="col-12">
          <MessagesCard stats={stats} />
        </div>
        <div className="col-12">
          <ChartCard title={t('adminDashboard.onlineTitle')}>
            <OnlineChart points={withLivePoint(stats.onlineUsers24h, stats.generatedAt, stats.onlineUsers)} now={stats.onlineUsers} />
          </ChartCard>
        </div>
        <div className="col-12 col-lg-6">
          <ChartCard title={t('adminDashboard.storageTitle')}>
            <StorageChart storage={stats.storage} />
          </ChartCard>
        </div>
        <div className="col-12 col-lg-6">
          <ChartCard title={t('adminDashboard.instancesTitle')}>
            <InstancesChart instances={stats.instances} />
          </ChartCard>
        </div>
      </div>
    </>
  );
}

function ChartCard({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <div className="card h-100">
      <div className="card-body">
        <div className="d-flex flex-wrap align-items-center gap-2 mb-2">
          <h3 className="h6 mb-0 me-auto">{title}</h3>
          {actions}
        </div>
        {children}
      </div>
    </div>
  );
}

function MessagesCard({ stats }: { stats: AdminStats }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [range, setRange] = useState<MessagesRange>('24h');
  const points = range === '24h' ? stats.messagesPerHour24h : stats.messagesPerHour30d;
  const toggle = (
    <div className="btn-group btn-group-sm" role="group" aria-label={t('adminDashboard.range')}>
      {(['24h', '30d'] as const).map((r) => (
        <button key={r} type="button" className={`btn btn-outline-primary${range === r ? ' active' : ''}`} aria-pressed={range === r} onClick={() => setRange(r)} data-testid={`range-${r}`}>
          {t(`adminDashboard.range${r}`)}
        </button>
      ))}
    </div>
  );
  const title = t(range === '24h' ? 'adminDashboard.messages24hTitle' : 'adminDashboard.messages30dTitle');
  return (
    <ChartCard title={title} actions={toggle}>
      <TimeSeriesChart
        key={range}
        points={points}
        kind="bars"
        tickUnit={range === '24h' ? 'hour' : 'day'}
        tickLabel={range === '24h' ? hourLabel : dayLabel}
        valueLabel={(n) => formatCount(n, lang)}
        pointLabel={(p: SeriesPoint) =>
          t('adminDashboard.messagesAt', { count: p.value, value: formatCount(p.value, lang), time: range === '24h' ? hourLabel(p.at) : dayHourLabel(p.at) })
        }
        summary={messagesSummary(t, points, range, lang)}
        title={title}
        table={messagesTable(t, points, range, lang)}
        testId={`chart-messages-${range}`}
      />
    </ChartCard>
  );
}

function OnlineChart({ points, now }: { points: readonly SeriesPoint[]; now: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <TimeSeriesChart
      points={points}
      kind="area"
      tickUnit="hour"
      tickLabel={hourLabel}
      valueLabel={(n) => formatCount(n, lang)}
      pointLabel={(p) => t('adminDashboard.onlineAt', { count: p.value, value: formatCount(p.value, lang), time: timeLabel(p.at) })}
      summary={onlineSummary(t, points, now, lang)}
      title={t('adminDashboard.onlineTitle')}
      table={onlineTable(t, points, lang)}
      testId="chart-online"
    />
  );
}
