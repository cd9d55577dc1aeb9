import WebSocket from 'ws';
import type { HistoryPage, Message, ServerFrame } from '@parley/protocol';
import { api } from './api.js';

interface RoomView {
  lastSeq: number;
  received: Message[];
  /** True while paging history after a `room.resync-required`. */
  resyncing: boolean;
}

/**
 * A client that behaves like a careful real one under chaos: it resumes every room from its last seq,
 * resends whatever was not acked (same clientMsgId), and records any frame that breaks seq order.
 */
export class ChaosClient {
  readonly rooms = new Map<string, RoomView>();
  readonly outbox = new Map<string, { roomId: string; body: string }>();
  readonly violations: string[] = [];
  socket: WebSocket | undefined;
  connects = 0;
  private stopped = false;

  constructor(
    private readonly wsUrl: string,
    private readonly httpUrl: string,
    private readonly token: string,
    roomIds: string[],
    private readonly name: string,
  ) {
    for (const id of roomIds) this.rooms.set(id, { lastSeq: 0, received: [], resyncing: false });
  }

  connect(): void {
    if (this.stopped) return;
    this.connects++;
    const ws = new WebSocket(this.wsUrl);
    this.socket = ws;
    ws.on('error', () => undefined);
    ws.on('open', () => {
      const subscriptions = [...this.rooms].filter(([, v]) => !v.resyncing).map(([roomId, v]) => ({ roomId, afterSeq: v.lastSeq }));
      this.inHello.set(ws, new Set(subscriptions.map((s) => s.roomId)));
      ws.send(JSON.stringify({ type: 'session.hello', token: this.token, subscriptions }));
    });
    ws.on('message', (data) => this.onFrame(ws, JSON.parse(data.toString()) as ServerFrame));
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
      if (!this.stopped) setTimeout(() => this.connect(), Math.random() * 30);
    });
  }

  /** Queues a message; it goes out now if connected, else on the next session. */
  send(clientMsgId: string, roomId: string, body: string): void {
    this.outbox.set(clientMsgId, { roomId, body });
    this.transmit(clientMsgId);
  }

  private transmit(clientMsgId: string): void {
    const item = this.outbox.get(clientMsgId);
    const ws = this.socket;
    if (!item || !ws || ws.readyState !== WebSocket.OPEN || !this.ready.has(ws)) return;
    ws.send(JSON.stringify({ type: 'message.send', ref: clientMsgId, clientMsgId, roomId: item.roomId, body: item.body }));
  }

  private readonly ready = new WeakSet<WebSocket>();
  /** The rooms each socket's session.hello subscribed (rooms still resyncing were left out). */
  private readonly inHello = new WeakMap<WebSocket, Set<string>>();

  private onFrame(ws: WebSocket, frame: ServerFrame): void {
    switch (frame.type) {
      case 'session.ready':
        this.ready.add(ws);
        // A resync that ended after this socket's hello went out but before it was ready could not
        // subscribe on either path; without this the room would stay silent on this socket for good.
        for (const [roomId, view] of this.rooms) {
          if (!view.resyncing && !this.inHello.get(ws)?.has(roomId)) this.subscribeRoom(ws, roomId, view.lastSeq);
        }
        for (const id of this.outbox.keys()) this.transmit(id);
        return;
      case 'message.created':
        return this.accept(frame.message);
      case 'message.acked':
        this.outbox.delete(frame.clientMsgId);
        return;
      case 'room.resync-required':
        this.resync(frame.roomId).catch((err: unknown) => this.violations.push(`${this.name}: resync failed: ${String(err)}`));
        return;
      case 'error':
        if (frame.code === 'rate_limited' && frame.ref) {
          // As a real client does: keep it in the outbox and try again shortly.
          const ref = frame.ref;
          setTimeout(() => this.transmit(ref), 100);
          return;
        }
        this.violations.push(`${this.name}: error ${frame.code} ${frame.message}`);
        return;
      default:
        return;
    }
  }

  private accept(message: Message): void {
    const view = this.rooms.get(message.roomId);
    if (!view) return void this.violations.push(`${this.name}: message for unknown room`);
    if (message.seq !== view.lastSeq + 1) {
      this.violations.push(`${this.name}: room ${message.roomId.slice(0, 8)} got seq ${message.seq} after ${view.lastSeq}`);
      return;
    }
    view.lastSeq = message.seq;
    view.received.push(message);
  }

  private async resync(roomId: string): Promise<void> {
    const view = this.rooms.get(roomId)!; // only subscribed rooms can ask for a resync
    if (view.resyncing) return;
    view.resyncing = true;
    for (;;) {
      const page = await api<HistoryPage>(this.httpUrl, 'GET', `/api/rooms/${roomId}/messages?after=${view.lastSeq}&limit=100`, { token: this.token });
      for (const m of page.body.messages) this.accept(m);
      if (!page.body.hasMore) break;
    }
    view.resyncing = false;
    // If the socket dropped meanwhile, the next session.hello subscribes this room instead; if it is
    // open but not yet ready, its session.ready does.
    const ws = this.socket;
    if (ws && ws.readyState === WebSocket.OPEN && this.ready.has(ws)) this.subscribeRoom(ws, roomId, view.lastSeq);
  }

  private subscribeRoom(ws: WebSocket, roomId: string, afterSeq: number): void {
    ws.send(JSON.stringify({ type: 'room.subscribe', roomId, afterSeq }));
  }

  /** One line of state, for timeout messages. */
  describe(): string {
    const seqs = [...this.rooms.values()].map((v) => `${v.lastSeq}${v.resyncing ? 'r' : ''}`).join('/');
    const ws = this.socket;
    return `${this.name} outbox=${this.outbox.size} seqs=${seqs} socket=${ws ? ws.readyState : '-'} ready=${ws ? this.ready.has(ws) : '-'} connects=${this.connects}`;
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }
}
