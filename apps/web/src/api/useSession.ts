import { useSyncExternalStore } from 'react';
import type { AuthSession } from '@parley/protocol';
import { readSession, subscribeSession } from './session-store';

/** The stored session, live across tabs; undefined when signed out. */
export function useSession(): AuthSession | undefined {
  return useSyncExternalStore(subscribeSession, readSession);
}
