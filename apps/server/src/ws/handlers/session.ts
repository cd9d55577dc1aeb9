import { CloseCode, type AccessTokenScope, type ServerFrameOf } from '@parley/protocol';
import { toUser } from '../../domain/accounts.js';
import type { Connection } from '../connection.js';
import type { WsContext } from '../context.js';
import { errorFrame } from '../errors.js';
import { subscribe } from './rooms.js';

type Hello = Extract<import('@parley/protocol').ClientFrame, { type: 'session.hello' }>;

/** The scopes of sockets authenticated with a personal access token; absent for a login session (all allowed). */
const tokenScopes = new WeakMap<Connection, readonly AccessTokenScope[]>();

/** setTimeout's longest delay (about 24.8 days); a token may live up to 365. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Closes the socket with 4401 once its access token expires; returns the cancel function. */
function closeOnExpiry(conn: Connection, liveForMs: number): () => void {
  const deadline = Date.now() + liveForMs;
  let timer: NodeJS.Timeout;
  const arm = () => {
    const left = deadline - Date.now();
    if (left <= 0) conn.close(CloseCode.unauthenticated, 'access token expired');
    else timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)).unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/** False for a socket whose access token lacks the `write` scope (message.send, typing). */
export function socketMayWrite(conn: Connection): boolean {
  return tokenScopes.get(conn)?.includes('write') ?? true;
}

/** Authenticates the socket, announces presence, then resumes each requested room. */
export async function handleHello(ctx: WsContext, conn: Connection, frame: Hello): Promise<void> {
  if (conn.user) {
    conn.send(errorFrame('invalid_frame', 'This socket is already authenticated', frame.ref));
    return;
  }
  const auth = await ctx.accounts.authenticate(frame.token);
  if (!auth) {
    conn.send(errorFrame('unauthenticated', 'Access token is invalid or expired', frame.ref));
    conn.close(CloseCode.unauthenticated, 'unauthenticated');
    return;
  }
  if (!conn.isOpen) return;
  conn.authenticated(auth.user, auth.sessionId);
  if (auth.scopes) tokenScopes.set(conn, auth.scopes);
  await ctx.presence.userConnected(auth.user.id);
  // Closed or closing meanwhile: dispose() may already have run, and a listener attached after it
  // would never be removed.
  if (!conn.isOpen) return;
  // Read markers, mutes and joins from the user's other devices, for every room, subscribed or not.
  // Attached before session.ready, so nothing that happens after the client sees ready is missed.
  const detachUser = ctx.hub.attachUser(auth.user.id, (event, frame) => {
    if (event.kind === 'sessions-revoked') {
      if (event.sessionIds.includes(auth.sessionId)) conn.close(CloseCode.unauthenticated, 'session revoked');
    } else if (frame) {
      conn.sendEncoded(frame);
    }
  });
  // New, renamed and deleted public rooms, so room lists stay current without polling.
  const detachDirectory = ctx.hub.attachDirectory((_event, frame) => conn.sendEncoded(frame));
  const cancelExpiry = auth.liveForMs === undefined ? undefined : closeOnExpiry(conn, auth.liveForMs);
  conn.followUser(() => {
    detachUser();
    detachDirectory();
    cancelExpiry?.();
  });
  // A revocation that landed between authenticate() and attachUser() was published before we listened.
  if (!(await ctx.accounts.isSessionLive(auth.sessionId))) {
    conn.close(CloseCode.unauthenticated, 'session revoked');
    return;
  }
  if (!conn.isOpen) return;
  const ready: ServerFrameOf<'session.ready'> = {
    type: 'session.ready',
    ref: frame.ref,
    user: toUser(auth.user),
    heartbeatMs: ctx.limits.pingIntervalMs,
  };
  conn.send(ready);
  for (const sub of frame.subscriptions) {
    if (!conn.isOpen) return;
    await subscribe(ctx, conn, sub.roomId, sub.afterSeq, undefined);
  }
}
