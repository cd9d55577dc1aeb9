import WebSocket from 'ws';
import type { ClientFrameInput, ServerFrame, ServerFrameOf, ServerFrameType } from '@parley/protocol';

/**
 * A real `ws` client that records every frame, so a test can wait for the next frame of a type
 * (never for a fixed time) or inspect everything received.
 */
export class TestClient {
  readonly frames: ServerFrame[] = [];
  readonly socket: WebSocket;
  closeCode: number | undefined;
  private readonly consumed = new Set<number>();
  private waiters: Array<() => void> = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code) => {
        this.closeCode = code;
        this.notify();
        resolve(code);
      });
    });
    this.socket.on('error', () => undefined);
    this.socket.on('message', (data, isBinary) => {
      if (isBinary) throw new Error('server sent a binary frame');
      this.frames.push(JSON.parse(data.toString()) as ServerFrame);
      this.notify();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(frame: ClientFrameInput | Record<string, unknown>): void {
    this.sendRaw(JSON.stringify(frame));
  }

  sendRaw(data: string | Buffer, options: { binary?: boolean } = {}): void {
    this.socket.send(data, { binary: options.binary ?? false });
  }

  /** Resolves with the next not-yet-consumed frame matching `type` (and `match`), each frame is consumed once. */
  async next<T extends ServerFrameType>(
    type: T,
    match: (f: ServerFrameOf<T>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ServerFrameOf<T>> {
    return (await this.nextWhere((f) => f.type === type && match(f as ServerFrameOf<T>), type, timeoutMs)) as ServerFrameOf<T>;
  }

  /** Resolves with the next not-yet-consumed frame for which `pred` holds. */
  async nextWhere(pred: (f: ServerFrame) => boolean, what: string, timeoutMs = 10_000): Promise<ServerFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = 0; i < this.frames.length; i++) {
        const f = this.frames[i]!;
        if (!this.consumed.has(i) && pred(f)) {
          this.consumed.add(i);
          return f;
        }
      }
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.frames.filter((_, i) => !this.consumed.has(i)).slice(-20))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Sends a frame with a fresh ref and waits for the reply (or `error`) that echoes it. */
  async request(frame: ClientFrameInput): Promise<ServerFrame> {
    const ref = `r${Math.random().toString(36).slice(2)}`;
    this.send({ ...frame, ref } as ClientFrameInput);
    return this.nextWhere((f) => 'ref' in f && f.ref === ref, `reply to ${frame.type}`);
  }

  /** All `message.created` frames for a room, in arrival order. */
  messages(roomId: string) {
    return this.frames.flatMap((f) => (f.type === 'message.created' && f.message.roomId === roomId ? [f.message] : []));
  }

  close(): Promise<number> {
    if (this.closeCode === undefined) this.socket.close();
    return this.closed;
  }
}

/** Opens a socket and authenticates it, optionally resuming rooms; resolves after `session.ready`. */
export async function connect(
  wsUrl: string,
  token: string,
  subscriptions: Array<{ roomId: string; afterSeq?: number }> = [],
): Promise<TestClient> {
  const client = new TestClient(wsUrl);
  await client.opened;
  client.send({ type: 'session.hello', token, subscriptions });
  await client.next('session.ready');
  return client;
}
