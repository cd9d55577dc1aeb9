import type { ServerFrame } from '@parley/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionState } from './chat-state';
import { PING_INTERVAL_MS, PONG_TIMEOUT_MS, SocketClient } from './socket-client';

/** A scriptable stand-in for the browser WebSocket. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 3;
  static all: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: Array<{ type: string; [k: string]: unknown }> = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  closedByClient = false;

  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as { type: string });
  }
  close() {
    this.closedByClient = true;
    this.readyState = FakeSocket.CLOSED;
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  receive(frame: ServerFrame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  serverClose(code: number) {
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code });
  }
}

const ready: ServerFrame = {
  type: 'session.ready',
  user: { id: '00000000-0000-4000-8000-0000000000aa', username: 'me', displayName: 'Me', bio: '', statusText: '', createdAt: '2025-01-01T00:00:00.000Z' },
  heartbeatMs: 25_000,
};
const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const flush = () => vi.advanceTimersByTimeAsync(0);

describe('SocketClient', () => {
  let net: EventTarget & { onLine: boolean };
  let states: ConnectionState[];
  let client: SocketClient;
  const refreshToken = vi.fn(async (_stale: string) => 'fresh-token');

  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
    states = [];
    refreshToken.mockClear();
    net = Object.assign(new EventTarget(), { onLine: true });
    vi.stubGlobal('window', net);
    vi.stubGlobal('navigator', net);
    vi.stubGlobal('WebSocket', FakeSocket);
    client = new SocketClient({
      url: 'ws://test/ws',
      getToken: async () => 'token-1',
      refreshToken,
      subscriptions: () => [{ roomId: '00000000-0000-4000-8000-000000000001', afterSeq: 7 }],
      onFrame: () => undefined,
      onState: (s) => states.push(s),
      onClosed: () => undefined,
      onSignedOut: () => undefined,
    });
  });

  afterEach(() => {
    client.stop();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  async function connect(): Promise<FakeSocket> {
    await flush();
    const ws = last();
    ws.open();
    ws.receive(ready);
    return ws;
  }

  it('resumes rooms in session.hello and reports connected on session.ready', async () => {
    client.start();
    const ws = await connect();
    expect(ws.sent[0]).toEqual({ type: 'session.hello', token: 'token-1', subscriptions: [{ roomId: '00000000-0000-4000-8000-000000000001', afterSeq: 7 }] });
    expect(states).toEqual(['connecting', 'connected']);
    expect(client.isReady).toBe(true);
  });

  it('pings and reconnects when the pong does not come in time', async () => {
    client.start();
    const ws = await connect();
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS);
    expect(ws.sent.at(-1)).toEqual({ type: 'session.ping' });
    ws.receive({ type: 'session.pong' });
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS);
    expect(ws.closedByClient).toBe(false);
    await vi.advanceTimersByTimeAsync(PONG_TIMEOUT_MS);
    expect(ws.closedByClient).toBe(true);
    expect(states.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('goes offline at once on the offline event and reconnects at once when back online', async () => {
    client.start();
    const ws = await connect();
    net.onLine = false;
    net.dispatchEvent(new Event('offline'));
    expect(ws.closedByClient).toBe(true);
    expect(states.at(-1)).toBe('offline');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    net.onLine = true;
    net.dispatchEvent(new Event('online'));
    await flush();
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('refreshes the token before reconnecting after a 4401 close', async () => {
    client.start();
    const ws = await connect();
    ws.serverClose(4401);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(refreshToken).toHaveBeenCalledWith('token-1');
    last().open();
    expect(last().sent[0]).toMatchObject({ type: 'session.hello', token: 'fresh-token' });
  });

  it('keeps retrying with growing delays while the server is down', async () => {
    client.start();
    await flush();
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = FakeSocket.all.length;
      last().serverClose(1006);
      let waited = 0;
      while (FakeSocket.all.length === before) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      gaps.push(waited);
    }
    expect(gaps[4]!).toBeGreaterThan(gaps[0]!);
    expect(states.every((s) => s === 'connecting')).toBe(true);
  });
});
