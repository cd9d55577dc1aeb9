/**
 * Baseline 1: the practical upper bound in Node. A `ws` server that authenticates nothing, stores
 * nothing, and broadcasts each message to every socket of its room, serialized once. The per-room
 * counter is the only state, so the bench can check order and loss the same way as for Parley.
 */
import { WebSocketServer, type WebSocket } from 'ws';

interface Room {
  seq: number;
  sockets: Set<WebSocket>;
}

const port = Number(process.env.BENCH_PORT);
const rooms = new Map<string, Room>();
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false, maxPayload: 65_536 });

function roomOf(id: string): Room {
  let room = rooms.get(id);
  if (!room) {
    room = { seq: 0, sockets: new Set() };
    rooms.set(id, room);
  }
  return room;
}

wss.on('connection', (ws) => {
  const joined = new Set<Room>();
  ws.on('message', (raw) => {
    let frame: { t?: unknown; r?: unknown; b?: unknown };
    try {
      frame = JSON.parse(String(raw)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.r !== 'string') return;
    const room = roomOf(frame.r);
    if (frame.t === 'join') {
      room.sockets.add(ws);
      joined.add(room);
      ws.send(JSON.stringify({ t: 'joined', r: frame.r, s: room.seq }));
    } else if (frame.t === 'send' && typeof frame.b === 'string' && joined.has(room)) {
      room.seq += 1;
      // Serialized and encoded once, the same bytes to every socket: the fastest broadcast ws allows.
      const out = Buffer.from(JSON.stringify({ t: 'msg', r: frame.r, s: room.seq, b: frame.b }));
      for (const s of room.sockets) s.send(out, { binary: false });
    }
  });
  ws.on('close', () => {
    for (const room of joined) room.sockets.delete(ws);
  });
  ws.on('error', () => ws.terminate());
});

wss.on('listening', () => process.send?.({ listening: port }));
process.on('SIGTERM', () => wss.close(() => process.exit(0)));
