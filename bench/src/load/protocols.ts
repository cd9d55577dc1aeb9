/**
 * The three wire protocols the generator speaks, over the same `ws` client. Incoming message frames
 * are read with indexOf rather than JSON.parse: the generator must not be what limits the run, and
 * every server's frames are built by JSON.stringify with a known key order.
 */
export type ProtocolName = 'parley' | 'bare' | 'socketio';

/** What the generator needs from one incoming frame. */
export type Incoming =
  | { kind: 'message'; roomId: string; seq: number; sentAt: number }
  | { kind: 'joined'; roomId: string; seq: number }
  | { kind: 'ready' }
  | { kind: 'respond'; frame: string }
  | { kind: 'acked' }
  | { kind: 'failure'; reason: string }
  | { kind: 'ignored' };

export interface Protocol {
  /** Path and query of the socket URL. */
  path: string;
  /** Frames to send once the socket is open; `rooms` maps each room to a resume seq (or undefined). */
  hello(token: string, rooms: ReadonlyMap<string, number | undefined>): string[];
  /** Frames to send once the server said `ready` (Socket.IO joins rooms only after its handshake). */
  afterReady(rooms: ReadonlyMap<string, number | undefined>): string[];
  send(roomId: string, body: string, clientMsgId: string): string;
  parse(data: string): Incoming;
}

/** The send time is the body's first field: `<epoch ms>|<text>`. */
function sentAtOf(body: string): number {
  return Number(body.slice(0, body.indexOf('|')));
}

function stringAfter(data: string, key: string, from = 0): string {
  const at = data.indexOf(key, from) + key.length;
  return data.slice(at, data.indexOf('"', at));
}

function numberAfter(data: string, key: string, from = 0): number {
  const at = data.indexOf(key, from) + key.length;
  let end = at;
  while (end < data.length && data.charCodeAt(end) >= 48 && data.charCodeAt(end) <= 57) end++;
  return Number(data.slice(at, end));
}

const parley: Protocol = {
  path: '/ws',
  hello: (token, rooms) => [
    JSON.stringify({
      type: 'session.hello',
      token,
      subscriptions: [...rooms].map(([roomId, afterSeq]) => (afterSeq === undefined ? { roomId } : { roomId, afterSeq })),
    }),
  ],
  afterReady: () => [],
  send: (roomId, body, clientMsgId) => JSON.stringify({ type: 'message.send', roomId, clientMsgId, body }),
  parse(data) {
    if (data.startsWith('{"type":"message.created"')) {
      return { kind: 'message', roomId: stringAfter(data, '"roomId":"'), seq: numberAfter(data, '"seq":'), sentAt: sentAtOf(stringAfter(data, '"body":"')) };
    }
    if (data.startsWith('{"type":"room.subscribed"')) {
      return { kind: 'joined', roomId: stringAfter(data, '"roomId":"'), seq: numberAfter(data, '"latestSeq":') };
    }
    if (data.startsWith('{"type":"error"')) return { kind: 'failure', reason: data };
    if (data.startsWith('{"type":"room.resync-required"')) return { kind: 'failure', reason: data };
    if (data.startsWith('{"type":"message.acked"')) return { kind: 'acked' };
    return { kind: 'ignored' };
  },
};

const bare: Protocol = {
  path: '/',
  hello: (_token, rooms) => [...rooms.keys()].map((r) => JSON.stringify({ t: 'join', r })),
  afterReady: () => [],
  send: (r, b) => JSON.stringify({ t: 'send', r, b }),
  parse(data) {
    if (data.startsWith('{"t":"msg"')) {
      return { kind: 'message', roomId: stringAfter(data, '"r":"'), seq: numberAfter(data, '"s":'), sentAt: sentAtOf(stringAfter(data, '"b":"')) };
    }
    if (data.startsWith('{"t":"joined"')) return { kind: 'joined', roomId: stringAfter(data, '"r":"'), seq: numberAfter(data, '"s":') };
    return { kind: 'ignored' };
  },
};

/**
 * Socket.IO 4 over its websocket transport, spoken directly (as socket.io-client would, without its
 * parsing cost in the generator): Engine.IO `0` open, `2`/`3` ping/pong, `40` namespace connect,
 * `42[event,data]` events and `43<id>[data]` acks.
 */
const socketio: Protocol = {
  path: '/socket.io/?EIO=4&transport=websocket',
  hello: () => [],
  // Events sent before the namespace is connected make the server close the socket, so joins wait
  // for `40{…}`. The server answers each with `43<id>[room, seq]`.
  afterReady: (rooms) => [...rooms.keys()].map((r, i) => `42${i}${JSON.stringify(['join', r])}`),
  send: (r, b) => `42${JSON.stringify(['send', { r, b }])}`,
  parse(data) {
    if (data.startsWith('42["msg"')) {
      return { kind: 'message', roomId: stringAfter(data, '"r":"'), seq: numberAfter(data, '"s":'), sentAt: sentAtOf(stringAfter(data, '"b":"')) };
    }
    if (data.startsWith('43')) {
      const open = data.indexOf('[');
      const [roomId, seq] = JSON.parse(data.slice(open)) as [string, number];
      return { kind: 'joined', roomId, seq };
    }
    if (data === '2') return { kind: 'respond', frame: '3' };
    if (data.startsWith('0{')) return { kind: 'respond', frame: '40' };
    if (data.startsWith('40')) return { kind: 'ready' };
    if (data.startsWith('44')) return { kind: 'failure', reason: data };
    return { kind: 'ignored' };
  },
};

export const PROTOCOLS: Record<ProtocolName, Protocol> = { parley, bare, socketio };
