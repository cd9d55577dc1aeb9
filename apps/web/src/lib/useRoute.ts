import { useSyncExternalStore } from 'react';
import { currentRoute, subscribeRoute, type Route } from './router';

export function useRoute(): Route {
  return useSyncExternalStore(subscribeRoute, currentRoute);
}
