/** A token bucket: `burst` tokens, refilled at `ratePerSecond`. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.updatedAt = now();
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.updatedAt) / 1000) * this.ratePerSecond);
    this.updatedAt = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the bucket is full again (0 when it is). */
  msUntilFull(): number {
    const t = this.now();
    const tokens = Math.min(this.burst, this.tokens + ((t - this.updatedAt) / 1000) * this.ratePerSecond);
    return tokens >= this.burst ? 0 : Math.ceil(((this.burst - tokens) / this.ratePerSecond) * 1000);
  }

  /** Milliseconds until the next token. */
  retryAfterMs(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.ratePerSecond) * 1000);
  }
}
