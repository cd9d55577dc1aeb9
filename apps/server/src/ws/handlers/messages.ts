import type { ClientFrame } from '@parley/protocol';
import type { Connection } from '../connection.js';
import type { WsContext } from '../context.js';
import { errorFrame } from '../errors.js';

type Send = Extract<ClientFrame, { type: 'message.send' }>;

/** Stores the message (or finds the earlier copy of a resend) and acknowledges it with its seq. */
export async function handleSend(ctx: WsContext, conn: Connection, frame: Send): Promise<void> {
  const wait = conn.takeSend();
  if (wait > 0) {
    conn.send(errorFrame('rate_limited', `Sending too fast; retry in ${wait} ms`, frame.ref));
    return;
  }
  const { message, duplicate } = await ctx.messages.send(conn.userRef, {
    roomId: frame.roomId,
    clientMsgId: frame.clientMsgId,
    kind: frame.kind,
    body: frame.body,
    attachmentIds: frame.attachmentIds,
    ...(frame.replyToId !== undefined && { replyToId: frame.replyToId }),
  });
  conn.send({
    type: 'message.acked',
    ref: frame.ref,
    roomId: message.roomId,
    clientMsgId: frame.clientMsgId,
    id: message.id,
    seq: message.seq,
    duplicate,
  });
}
