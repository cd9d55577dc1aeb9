import { CloseCode } from '@parley/protocol';
import type { Connection } from './connection.js';

/** How long shutdown waits for frames already received (a send mid-write) to finish and be answered. */
const DRAIN_MS = 5000;
/** How long closed sockets get to finish the close handshake before they are cut. */
const CLOSE_HANDSHAKE_MS = 1000;

function within(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void promise.finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The open sockets of this instance, and how they end when it stops: stop reading, let frames
 * already received finish (a send whose write began is acked after its commit), then close
 * every socket with 1012 so clients reconnect (elsewhere) and resume by seq.
 */
export class LiveSockets {
  private readonly connections = new Set<Connection>();
  private closing = false;

  get size(): number {
    return this.connections.size;
  }

  get isClosing(): boolean {
    return this.closing;
  }

  [Symbol.iterator](): IterableIterator<Connection> {
    return this.connections.values();
  }

  add(conn: Connection): void {
    this.connections.add(conn);
    // Upgraded just as shutdown began (a reconnect storm keeps them coming until the port closes):
    // nothing to drain, send it on its way, and cut it if it does not answer the close frame, or it
    // would hold the HTTP server open past the 10 s shutdown limit.
    if (this.closing) {
      conn.close(CloseCode.restart, 'server restarting');
      setTimeout(() => conn.socket.terminate(), CLOSE_HANDSHAKE_MS).unref();
    }
  }

  delete(conn: Connection): void {
    this.connections.delete(conn);
  }

  /** Called once from the server's preClose; resolves when every socket is closed or cut. */
  async shutdown(): Promise<void> {
    this.closing = true;
    const all = [...this.connections];
    await within(Promise.allSettled(all.map((c) => c.drain())), DRAIN_MS);
    for (const conn of all) {
      // Reading again so the client's close reply is seen; its other frames are ignored while draining.
      conn.socket.resume();
      conn.close(CloseCode.restart, 'server restarting');
    }
    await within(Promise.allSettled(all.map((c) => c.ended)), CLOSE_HANDSHAKE_MS);
    // A client that never answers the close frame must not hold the process open.
    for (const conn of all) conn.socket.terminate();
  }
}
