import type { ClientFrameInput } from '@parley/protocol';

/** Re-announce typing at most this often while the user keeps typing. */
const REPEAT_MS = 3000;
/** Stop announcing after this long without a keystroke. */
const IDLE_MS = 4000;

/** Turns keystrokes into few `typing.start`/`typing.stop` frames for one room at a time. */
export class TypingSender {
  private roomId: string | undefined;
  private lastStart = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly send: (frame: ClientFrameInput) => boolean) {}

  update(roomId: string, active: boolean): void {
    if (!active) {
      if (this.roomId === roomId) this.stopNow();
      return;
    }
    if (this.roomId !== undefined && this.roomId !== roomId) this.stopNow();
    const now = Date.now();
    if (this.roomId !== roomId || now - this.lastStart > REPEAT_MS) {
      // Typing is transient: if the socket is down the frame is simply not sent.
      this.send({ type: 'typing.start', ref: 'typing', roomId });
      this.lastStart = now;
    }
    this.roomId = roomId;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stopNow(), IDLE_MS);
  }

  stopNow(): void {
    clearTimeout(this.idleTimer);
    if (this.roomId !== undefined) this.send({ type: 'typing.stop', ref: 'typing', roomId: this.roomId });
    this.cancel();
  }

  /** Forgets the state without sending (the socket is gone, and the server forgets typing with it). */
  cancel(): void {
    clearTimeout(this.idleTimer);
    this.roomId = undefined;
    this.lastStart = 0;
  }
}
