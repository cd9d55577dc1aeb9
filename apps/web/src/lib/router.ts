/** The few places the app can be: a room, an invite link being opened, or nowhere in particular. */
export type Route =
  | { name: 'home' }
  | { name: 'room'; roomId: string }
  | { name: 'invite'; roomId: string; code: string }
  | { name: 'reset-password'; token: string };

const UUID = '[0-9a-fA-F-]{36}';
const ROOM_PATH = new RegExp(`^/rooms/(${UUID})/?$`);
const INVITE_PATH = new RegExp(`^/invite/(${UUID})/?$`);

/** Invite codes travel in the URL fragment, which browsers never send to the server or in Referer. */
export function parseRoute(pathname: string, hash: string): Route {
  const room = ROOM_PATH.exec(pathname);
  if (room?.[1]) return { name: 'room', roomId: room[1] };
  const invite = INVITE_PATH.exec(pathname);
  const code = hash.replace(/^#/, '');
  if (invite?.[1] && code) return { name: 'invite', roomId: invite[1], code: decodeURIComponent(code) };
  // A reset token is base64url, so it needs no decoding; like an invite code it stays out of server logs.
  if (/^\/reset-password\/?$/.test(pathname)) return { name: 'reset-password', token: code };
  return { name: 'home' };
}

export const roomPath = (roomId: string) => `/rooms/${roomId}`;

const listeners = new Set<() => void>();
let current: { key: string; route: Route } | undefined;

/** The current route, stable between navigations (a useSyncExternalStore snapshot). */
export function currentRoute(): Route {
  const key = location.pathname + location.hash;
  if (current?.key !== key) current = { key, route: parseRoute(location.pathname, location.hash) };
  return current.route;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (location.pathname + location.hash === path) return;
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  for (const l of listeners) l();
}

export function subscribeRoute(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}
