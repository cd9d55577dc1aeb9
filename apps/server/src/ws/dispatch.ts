import type { RawData } from 'ws';
import { ClientFrame, type ClientFrame as Frame } from '@parley/protocol';
import type { Connection } from './connection.js';
import type { WsContext } from './context.js';
import { errorFrame, toErrorFrame } from './errors.js';
import { refOf } from './frames.js';
import { handleSend } from './handlers/messages.js';
import { handleSubscribe, handleUnsubscribe } from './handlers/rooms.js';
import { handleHello, socketMayWrite } from './handlers/session.js';
import { frameNeedsWrite } from '../domain/access-token-scope.js';
import { handleTyping } from './handlers/typing.js';

/** Parses one raw frame exactly once and routes it; every failure becomes an `error` frame. */
export async function dispatch(ctx: WsContext, conn: Connection, raw: RawData, isBinary: boolean): Promise<void> {
  if (isBinary) {
    conn.send(errorFrame('invalid_frame', 'Frames must be JSON text, not binary'));
    return;
  }
  let json: unknown;
  try {
    json = JSON.parse(rawToString(raw));
  } catch {
    conn.send(errorFrame('invalid_frame', 'Frame is not valid JSON'));
    return;
  }
  const ref = refOf(json);
  const parsed = ClientFrame.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    conn.send(errorFrame('invalid_frame', `${where}${issue?.message ?? 'invalid frame'}`, ref));
    return;
  }
  const frame = parsed.data;
  try {
    await route(ctx, conn, frame);
  } catch (err) {
    const { frame: error, unexpected } = toErrorFrame(err, frame.ref);
    if (unexpected) ctx.log.error({ err, frameType: frame.type, userId: conn.user?.id }, 'socket frame failed');
    conn.send(error);
  }
}

async function route(ctx: WsContext, conn: Connection, frame: Frame): Promise<void> {
  if (frame.type === 'session.hello') return handleHello(ctx, conn, frame);
  if (!conn.user) {
    conn.send(errorFrame('unauthenticated', 'Send session.hello with an access token first', frame.ref));
    return;
  }
  if (frameNeedsWrite(frame.type) && !socketMayWrite(conn)) {
    conn.send(errorFrame('insufficient_scope', 'This access token has read scope only; it needs write', frame.ref));
    return;
  }
  switch (frame.type) {
    case 'room.subscribe':
      return handleSubscribe(ctx, conn, frame);
    case 'room.unsubscribe':
      return handleUnsubscribe(conn, frame);
    case 'message.send':
      return handleSend(ctx, conn, frame);
    case 'typing.start':
    case 'typing.stop':
      return handleTyping(ctx, conn, frame);
    case 'session.ping':
      conn.send({ type: 'session.pong', ref: frame.ref });
      return;
  }
}

function rawToString(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}

