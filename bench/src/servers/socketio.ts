/**
 * Baseline 2: what a TypeScript developer would otherwise pick. Socket.IO 4 with rooms over its
 * websocket transport; like the bare server it stores nothing and keeps a per-room counter for the
 * bench's order and loss check.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.env.BENCH_PORT);
const seqs = new Map<string, number>();
const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false, maxHttpBufferSize: 65_536 });

io.on('connection', (socket) => {
  socket.on('join', (room: unknown, ack: unknown) => {
    if (typeof room !== 'string' || typeof ack !== 'function') return;
    void socket.join(room);
    (ack as (r: string, s: number) => void)(room, seqs.get(room) ?? 0);
  });
  socket.on('send', (msg: { r?: unknown; b?: unknown } | undefined) => {
    if (typeof msg?.r !== 'string' || typeof msg.b !== 'string' || !socket.rooms.has(msg.r)) return;
    const s = (seqs.get(msg.r) ?? 0) + 1;
    seqs.set(msg.r, s);
    io.to(msg.r).emit('msg', { r: msg.r, s, b: msg.b });
  });
});

http.listen(port, '127.0.0.1', () => process.send?.({ listening: port }));
process.on('SIGTERM', () => {
  void io.close(() => process.exit(0));
});
