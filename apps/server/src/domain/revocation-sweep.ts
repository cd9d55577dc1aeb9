import type { Store } from '../storage/types.js';
import { accessTokenSessionId } from './access-tokens.js';
import type { Clock } from './clock.js';

/** How often each instance looks for revocations it was not told about. */
export const SWEEP_INTERVAL_MS = 5000;
/**
 * How far before its last look each sweep reads again: a revocation stamped just before a look but
 * committed just after it, or stamped by a process whose clock runs a little behind, is still seen.
 * Closing a socket twice is harmless; missing one is not.
 */
export const SWEEP_OVERLAP_MS = 30_000;

export interface RevocationSweepDeps {
  store: Pick<Store, 'adminUsers'>;
  clock: Clock;
  /** Closes this instance's sockets of these session ids (access tokens as `pat:<id>`). */
  closeSessions: (sessionIds: ReadonlySet<string>) => void;
  onError: (err: unknown) => void;
}

/**
 * Revocations normally reach every instance on the bus at once. This catches the rest: those made
 * outside a running server (`parley user disable`, a database edit) and any bus message lost while
 * Redis was down. One indexed query per sweep (sessions_revoked_idx, access_tokens_revoked_idx).
 */
export function createRevocationSweep({ store, clock, closeSessions, onError }: RevocationSweepDeps) {
  let lastLook = clock();
  let running = false;

  async function sweep(): Promise<void> {
    // A slow database must not pile sweeps up behind each other.
    if (running) return;
    running = true;
    try {
      const now = clock();
      const revoked = await store.adminUsers.listRevokedSince(lastLook - SWEEP_OVERLAP_MS);
      lastLook = now;
      if (revoked.length > 0) closeSessions(new Set(revoked.map((r) => (r.kind === 'session' ? r.id : accessTokenSessionId(r.id)))));
    } finally {
      running = false;
    }
  }

  return {
    sweep,
    /** Starts sweeping every SWEEP_INTERVAL_MS; returns the function that stops it. */
    start(intervalMs = SWEEP_INTERVAL_MS): () => void {
      const timer = setInterval(() => void sweep().catch(onError), intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}
