import { useCallback, useEffect, useRef, useState } from 'react';
import type { AdminStats } from '@parley/protocol';
import { useErrorText } from '../../../components/useErrorText';
import { fetchAdminStats } from './admin-stats-api';

/** How often an open dashboard asks again; the server samples online users every 5 minutes. */
export const REFRESH_MS = 30_000;

export interface AdminStatsState {
  stats: AdminStats | undefined;
  /** Why the last refresh failed; the previous numbers stay on screen meanwhile. */
  error: string | undefined;
  loading: boolean;
  refresh(): void;
}

/**
 * The dashboard's data: read on mount, again every 30 s while the tab is visible (a hidden tab asks
 * nothing, and catches up as soon as it is shown), and on demand.
 */
export function useAdminStats(): AdminStatsState {
  const errorText = useErrorText();
  const [stats, setStats] = useState<AdminStats>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const live = useRef(true);
  const lastLoad = useRef(0);
  const inFlight = useRef(false);

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    lastLoad.current = Date.now();
    setLoading(true);
    fetchAdminStats().then(
      (next) => {
        if (!live.current) return;
        setStats(next);
        setError(undefined);
      },
      (err: unknown) => {
        if (live.current) setError(errorText(err));
      },
    ).finally(() => {
      inFlight.current = false;
      if (live.current) setLoading(false);
    });
  }, [errorText]);

  useEffect(() => {
    live.current = true;
    refresh();
    const tick = () => {
      if (document.visibilityState === 'visible' && Date.now() - lastLoad.current >= REFRESH_MS - 1000) refresh();
    };
    const timer = setInterval(tick, REFRESH_MS);
    document.addEventListener('visibilitychange', tick);
    return () => {
      live.current = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [refresh]);

  return { stats, error, loading, refresh };
}
