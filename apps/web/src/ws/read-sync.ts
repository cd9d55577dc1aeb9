import type { MembershipState } from '@parley/protocol';

/** How long the marker may trail the screen: a burst of arrivals in an open room becomes one PUT. */
export const READ_DEBOUNCE_MS = 500;

export interface ReadSyncDeps {
  put(roomId: string, seq: number): Promise<MembershipState>;
  onSaved(state: MembershipState): void;
  onFailed(roomId: string, err: unknown): void;
}

/**
 * Sends read markers to the server, debounced, at most one request per room in flight. Only the
 * highest seq asked for matters, because the server never moves a marker back.
 */
export class ReadSync {
  private readonly pending = new Map<string, number>();
  /** Highest seq per room sent (or being sent), so an unchanged marker is not sent again. */
  private readonly sent = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: ReadSyncDeps) {}

  /** Asks for the room's marker to reach `seq`; sent after a quiet READ_DEBOUNCE_MS. */
  request(roomId: string, seq: number): void {
    if (seq <= (this.sent.get(roomId) ?? -1) || seq <= (this.pending.get(roomId) ?? -1)) return;
    this.pending.set(roomId, seq);
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), READ_DEBOUNCE_MS);
  }

  /** Sends whatever is waiting now (switching rooms must not wait for the quiet period). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const [roomId, seq] of this.pending) {
      this.sent.set(roomId, seq);
      this.deps.put(roomId, seq).then(this.deps.onSaved, (err: unknown) => {
        // Forget it, so the next look at the room tries again.
        if (this.sent.get(roomId) === seq) this.sent.delete(roomId);
        this.deps.onFailed(roomId, err);
      });
    }
    this.pending.clear();
  }

  cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
