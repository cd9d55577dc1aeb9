import type { RawData, WebSocket } from 'ws';
import { CloseCode, type ServerFrame } from '@parley/protocol';
import type { RoomCursor } from '../domain/room-cursor.js';
import { toUserRef } from '../domain/accounts.js';
import type { RateLimitsConfig } from '../config/rate-limits.js';
import { SharedTokenBuckets } from '../lib/shared-token-buckets.js';
import { TokenBucket } from '../lib/token-bucket.js';
import type { UserRecord } from '../storage/types.js';
import type { UserSocketLimits, WsContext } from './context.js';
import { encode, refOf, type EncodedFrame } from './frames.js';

/** RFC 6455 policy violation: the socket kept flooding far past its rate limit. */
const CLOSE_FLOODING = 1008;

/** A socket whose client reads slower than this many buffered bytes is dropped; it resumes by seq. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Frames waiting for their turn on one socket before we stop reading it (TCP backpressure, nothing dropped). */
const MAX_QUEUED_FRAMES = 32;

/** The `ref` of a refused text frame, so the client knows which of its frames to retry. */
function refOfRaw(raw: RawData): string | undefined {
  try {
    return refOf(JSON.parse(String(raw)));
  } catch {
    return undefined;
  }
}

export interface RoomSubscription {
  cursor: RoomCursor;
  detach: () => void;
}

/** The per-user socket budgets of one instance (rateLimits.socket). */
export function createUserSocketLimits(limits: RateLimitsConfig['socket']): UserSocketLimits {
  return {
    sends: new SharedTokenBuckets(limits.userSendRatePerSecond, limits.userSendBurst),
    frames: new SharedTokenBuckets(limits.userFrameRatePerSecond, limits.userFrameBurst),
    floodCloseAfter: limits.floodCloseAfter,
  };
}

/** One client socket: its identity, its room subscriptions, and its share of the rate limits. */
export class Connection {
  user: UserRecord | undefined;
  sessionId: string | undefined;
  readonly subscriptions = new Map<string, RoomSubscription>();
  private readonly sendBucket: TokenBucket;
  /** Which slice of the shared heartbeat pings this socket (see route.ts). */
  heartbeatSlot = 0;
  private readonly frameBucket: TokenBucket;
  /** Refused frames, refilled at the frame rate: emptied only by a client sending far over its limit. */
  private readonly floodBudget: TokenBucket;
  /** This user's buckets shared with their other sockets on this instance, once authenticated. */
  private userBuckets: { sends: TokenBucket; frames: TokenBucket; release: () => void } | undefined;
  private alive = true;
  private closed = false;
  private draining = false;
  private queued = 0;
  private tail: Promise<void> = Promise.resolve();
  private readonly authTimer: NodeJS.Timeout;
  private detachUser: (() => void) | undefined;
  /** Resolves once the socket has closed, whoever closed it. */
  readonly ended: Promise<void>;

  constructor(
    readonly socket: WebSocket,
    private readonly ctx: WsContext,
    private readonly handle: (conn: Connection, raw: RawData, isBinary: boolean) => Promise<void>,
    private readonly countFrame?: (type: EncodedFrame['type']) => void,
  ) {
    const { sendRatePerSecond, sendBurst, authTimeoutMs } = ctx.limits;
    this.sendBucket = new TokenBucket(sendRatePerSecond, sendBurst);
    // Non-send frames (typing, pings, subscriptions) get a looser allowance of their own.
    this.frameBucket = new TokenBucket(sendRatePerSecond * 5, sendBurst * 5);
    this.floodBudget = new TokenBucket(sendRatePerSecond * 5, ctx.userLimits?.floodCloseAfter ?? Number.POSITIVE_INFINITY);
    this.authTimer = setTimeout(() => {
      if (!this.user) this.close(CloseCode.unauthenticated, 'authentication timeout');
    }, authTimeoutMs);
    this.ended = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('message', (raw, isBinary) => this.enqueue(raw, isBinary));
    socket.on('pong', () => {
      this.alive = true;
    });
  }

  get userRef() {
    if (!this.user) throw new Error('connection is not authenticated');
    return toUserRef(this.user);
  }

  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  /** Frames of one socket run one at a time, in arrival order, so a client's sends keep their order. */
  private enqueue(raw: RawData, isBinary: boolean): void {
    // Shutting down: a frame not yet started is not started; its sender retries it after reconnecting.
    if (this.draining) return;
    if (!this.frameBucket.take() || (this.userBuckets && !this.userBuckets.frames.take())) {
      this.send({ type: 'error', ref: isBinary ? undefined : refOfRaw(raw), code: 'rate_limited', message: 'Too many frames; slow down' });
      // Refusing costs a little too: a client that keeps sending at several times its limit is cut off.
      if (!this.floodBudget.take()) this.close(CLOSE_FLOODING, 'rate limit exceeded');
      return;
    }
    // A slow frame (a long replay, a busy database) must not make us drop later ones: stop reading
    // the socket instead, so the client's own TCP window holds them until we catch up.
    if (++this.queued >= MAX_QUEUED_FRAMES) this.socket.pause();
    this.tail = this.tail
      .then(() => this.handle(this, raw, isBinary))
      .catch((err: unknown) => this.ctx.log.error({ err, userId: this.user?.id }, 'frame handler failed'))
      .finally(() => {
        if (--this.queued < MAX_QUEUED_FRAMES / 2 && this.socket.isPaused) this.socket.resume();
      });
  }

  /**
   * Takes one message send from this socket's budget and its user's shared one: 0 when allowed,
   * else the milliseconds until a retry can succeed.
   */
  takeSend(): number {
    if (!this.sendBucket.take()) return this.sendBucket.retryAfterMs();
    const shared = this.userBuckets?.sends;
    if (shared && !shared.take()) return shared.retryAfterMs();
    return 0;
  }

  /** Stops reading the socket; resolves once every frame already received has been handled and answered. */
  drain(): Promise<void> {
    this.draining = true;
    this.socket.pause();
    return this.tail;
  }

  send(frame: ServerFrame): void {
    this.sendEncoded(encode(frame));
  }

  /** Writes a frame serialized once for many sockets (as a text frame: the bytes are UTF-8 JSON). */
  sendEncoded(frame: EncodedFrame): void {
    if (!this.isOpen) return;
    if (this.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.close(1013, 'client too slow; reconnect and resume');
      return;
    }
    this.socket.send(frame.bytes, { binary: false });
    this.countFrame?.(frame.type);
  }

  authenticated(user: UserRecord, sessionId: string): void {
    this.user = user;
    this.sessionId = sessionId;
    clearTimeout(this.authTimer);
    const limits = this.ctx.userLimits;
    if (limits && !this.userBuckets) {
      const sends = limits.sends.acquire(user.id);
      const frames = limits.frames.acquire(user.id);
      this.userBuckets = {
        sends: sends.bucket,
        frames: frames.bucket,
        release: () => {
          sends.release();
          frames.release();
        },
      };
    }
  }

  /** Keeps the user's own channel attached (see Hub.attachUser) until the socket closes. */
  followUser(detach: () => void): void {
    this.detachUser?.();
    this.detachUser = detach;
  }

  /** Called by the shared heartbeat timer: false once the peer missed a whole ping interval. */
  heartbeat(): boolean {
    if (!this.alive) {
      this.socket.terminate();
      return false;
    }
    this.alive = false;
    this.socket.ping();
    return true;
  }

  dropSubscription(roomId: string): void {
    const sub = this.subscriptions.get(roomId);
    if (!sub) return;
    this.subscriptions.delete(roomId);
    sub.cursor.stop();
    sub.detach();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** Releases everything the socket held; called once when it closes. */
  dispose(): void {
    this.closed = true;
    clearTimeout(this.authTimer);
    for (const roomId of [...this.subscriptions.keys()]) this.dropSubscription(roomId);
    this.detachUser?.();
    this.detachUser = undefined;
    this.userBuckets?.release();
    this.userBuckets = undefined;
  }
}
