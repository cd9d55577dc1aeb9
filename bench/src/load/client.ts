import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { StreamChecker } from './checker.js';
import type { Histogram } from './histogram.js';
import { PROTOCOLS, type Protocol, type ProtocolName } from './protocols.js';

/** Who one simulated user is and what it follows. */
export interface ClientSpec {
  index: number;
  /** ws://127.0.0.1:<port> */
  baseUrl: string;
  protocol: ProtocolName;
  /** Parley access token; ignored by the baselines, which authenticate nothing. */
  token: string;
  rooms: string[];
}

/** Counters shared by every client of one worker. */
export interface Sink {
  histogram: Histogram;
  /** Latencies are recorded only while a measurement is running. */
  recording: boolean;
  delivered: number;
  acked: number;
  failures: number;
  firstFailure: string | undefined;
}

/** Epoch milliseconds with sub-millisecond precision, comparable across worker threads. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** One simulated user on one socket: connects, follows its rooms, records and checks every delivery. */
export class BenchClient {
  readonly checker = new StreamChecker();
  private ws: WebSocket | undefined;
  private readonly protocol: Protocol;
  private pendingJoins = 0;
  private onJoined: (() => void) | undefined;
  /** Whether the next joins continue the streams (Parley resumes) or start them over (baselines). */
  private resuming = false;

  constructor(
    readonly spec: ClientSpec,
    private readonly sink: Sink,
  ) {
    this.protocol = PROTOCOLS[spec.protocol];
  }

  get isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /** Opens the socket and resolves once every room is followed; with `resume`, from the seqs held. */
  connect(resume: boolean, timeoutMs: number): Promise<void> {
    this.resuming = resume;
    const rooms = new Map<string, number | undefined>(
      this.spec.rooms.map((r) => [r, resume ? this.checker.resumePoint(r) : undefined]),
    );
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.onJoined = undefined;
        reject(new Error(`client ${this.spec.index}: not joined within ${timeoutMs} ms (${this.pendingJoins} rooms left)`));
        ws.terminate();
      }, timeoutMs);
      this.pendingJoins = rooms.size;
      this.onJoined = () => {
        clearTimeout(timer);
        resolve();
      };
      const ws = new WebSocket(this.spec.baseUrl + this.protocol.path, { perMessageDeflate: false, skipUTF8Validation: true });
      this.ws = ws;
      ws.on('open', () => {
        for (const frame of this.protocol.hello(this.spec.token, rooms)) ws.send(frame);
      });
      ws.on('message', (data) => this.receive(String(data), rooms));
      ws.on('error', (err) => {
        clearTimeout(timer);
        reject(new Error(`client ${this.spec.index}: ${err.message}`));
      });
      ws.on('close', (code) => {
        if (this.pendingJoins > 0) {
          clearTimeout(timer);
          reject(new Error(`client ${this.spec.index}: closed with ${code} before joining`));
        }
      });
    });
  }

  send(roomId: string, body: string, clientMsgId: string): void {
    this.ws?.send(this.protocol.send(roomId, body, clientMsgId));
  }

  /** Drops the connection at once, as a lost network would (no close handshake). */
  drop(): void {
    this.ws?.terminate();
  }

  close(): void {
    this.ws?.close();
  }

  private receive(data: string, rooms: ReadonlyMap<string, number | undefined>): void {
    const frame = this.protocol.parse(data);
    switch (frame.kind) {
      case 'message': {
        this.checker.deliver(frame.roomId, frame.seq);
        this.sink.delivered++;
        if (this.sink.recording) this.sink.histogram.record(Math.max(0, (nowMs() - frame.sentAt) * 1000));
        return;
      }
      case 'joined': {
        if (this.resuming && this.spec.protocol !== 'parley') this.checker.restart(frame.roomId, frame.seq);
        else this.checker.follow(frame.roomId, frame.seq);
        if (--this.pendingJoins === 0) this.onJoined?.();
        return;
      }
      case 'ready':
        for (const f of this.protocol.afterReady(rooms)) this.ws?.send(f);
        return;
      case 'respond':
        this.ws?.send(frame.frame);
        return;
      case 'acked':
        this.sink.acked++;
        return;
      case 'failure':
        this.sink.failures++;
        this.sink.firstFailure ??= frame.reason.slice(0, 300);
        return;
      case 'ignored':
        return;
    }
  }
}
