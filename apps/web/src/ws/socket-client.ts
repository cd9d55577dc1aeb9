import { CloseCode, ServerFrame, type ClientFrameInput, type Subscription } from '@parley/protocol';
import { SignedOutError } from '../api/api-error';
import { reportError } from '../lib/report';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import type { ConnectionState } from './chat-state';

/** Browsers cannot see WebSocket pings, so liveness is checked with `session.ping` frames. */
export const PING_INTERVAL_MS = 15_000;
export const PONG_TIMEOUT_MS = 5_000;
/** How long to wait for `session.ready` after the socket opened. */
const READY_TIMEOUT_MS = 10_000;

export interface SocketClientOptions {
  url: string;
  getToken(): Promise<string>;
  refreshToken(stale: string): Promise<string>;
  /** Rooms to resume in `session.hello`, each from the last seq the client holds. */
  subscriptions(): Subscription[];
  onFrame(frame: ServerFrame): void;
  onState(state: ConnectionState): void;
  /** The socket closed or was dropped; nothing is live until the next `session.ready`. */
  onClosed(): void;
  onSignedOut(): void;
}

export function defaultSocketUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * One logical connection that survives sockets: it authenticates each socket with `session.hello`,
 * detects dead ones with pings, reconnects forever with jittered exponential backoff, and follows the
 * browser's `online`/`offline` events.
 */
export class SocketClient {
  private ws: WebSocket | undefined;
  private ready = false;
  private stopped = true;
  private everConnected = false;
  private attempt = 0;
  /** Bumped whenever a socket is abandoned, so a connect still awaiting its token gives up. */
  private generation = 0;
  private staleToken: string | undefined;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly opts: SocketClientOptions) {}

  get isReady(): boolean {
    return this.ready;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.handleOnline);
    window.addEventListener('offline', this.handleOffline);
    if (navigator.onLine) void this.connect();
    else this.opts.onState('offline');
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.handleOnline);
    window.removeEventListener('offline', this.handleOffline);
    this.abandonSocket();
    this.clearReconnect();
  }

  /** Sends a frame if the socket is authenticated; false means "not now" (it will be resent on ready). */
  send(frame: ClientFrameInput): boolean {
    if (!this.ready || !this.ws) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  private readonly handleOnline = () => {
    this.attempt = 0;
    this.clearReconnect();
    if (!this.ws) void this.connect();
  };

  private readonly handleOffline = () => {
    // An existing socket can linger for minutes on a dead network; close it and say so now.
    this.abandonSocket();
    this.clearReconnect();
    this.opts.onState('offline');
  };

  private async connect(): Promise<void> {
    this.clearReconnect();
    const generation = ++this.generation;
    this.opts.onState(this.everConnected ? 'reconnecting' : 'connecting');
    let token: string;
    try {
      const stale = this.staleToken;
      token = stale ? await this.opts.refreshToken(stale) : await this.opts.getToken();
    } catch (err) {
      if (err instanceof SignedOutError) {
        this.stop();
        this.opts.onSignedOut();
        return;
      }
      if (generation === this.generation) this.scheduleReconnect();
      return;
    }
    if (this.stopped || generation !== this.generation) return;
    this.staleToken = undefined;
    const ws = new WebSocket(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'session.hello', token, subscriptions: this.opts.subscriptions() } satisfies ClientFrameInput));
      this.armDeadline(READY_TIMEOUT_MS);
    };
    ws.onmessage = (e: MessageEvent) => this.handleMessage(ws, e.data);
    ws.onclose = (e: CloseEvent) => {
      if (ws !== this.ws) return;
      // 4401: the token was refused (expired or revoked); refresh it before the next try.
      if (e.code === CloseCode.unauthenticated) this.staleToken = token;
      this.socketLost();
    };
  }

  private handleMessage(ws: WebSocket, data: unknown): void {
    if (ws !== this.ws || typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch (err) {
      reportError('socket frame is not JSON', err);
      return;
    }
    const parsed = ServerFrame.safeParse(json);
    if (!parsed.success) {
      reportError('unknown socket frame', parsed.error);
      return;
    }
    const frame = parsed.data;
    if (frame.type === 'session.ready') {
      this.ready = true;
      this.everConnected = true;
      this.attempt = 0;
      this.clearDeadline();
      this.startHeartbeat();
      this.opts.onState('connected');
    } else if (frame.type === 'session.pong') {
      this.clearDeadline();
      return;
    }
    this.opts.onFrame(frame);
  }

  private startHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (this.deadlineTimer !== undefined) return;
      if (this.send({ type: 'session.ping' })) this.armDeadline(PONG_TIMEOUT_MS);
    }, PING_INTERVAL_MS);
  }

  /** No answer in time means the socket is dead even if the browser has not noticed yet. */
  private armDeadline(ms: number): void {
    this.clearDeadline();
    this.deadlineTimer = setTimeout(() => {
      this.deadlineTimer = undefined;
      this.socketLost();
    }, ms);
  }

  private clearDeadline(): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
  }

  private socketLost(): void {
    this.abandonSocket();
    if (this.stopped) return;
    if (!navigator.onLine) this.opts.onState('offline');
    else this.scheduleReconnect();
  }

  /** Detaches and closes the current socket without waiting for its close handshake. */
  private abandonSocket(): void {
    this.generation++;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.clearDeadline();
    const ws = this.ws;
    const wasReady = this.ready;
    this.ws = undefined;
    this.ready = false;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) ws.close(1000, 'client closed');
    }
    if (ws || wasReady) this.opts.onClosed();
  }

  private scheduleReconnect(): void {
    this.clearReconnect();
    this.opts.onState(this.everConnected ? 'reconnecting' : 'connecting');
    const delay = backoffDelay(this.attempt++, DEFAULT_BACKOFF);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private clearReconnect(): void {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
  }
}
