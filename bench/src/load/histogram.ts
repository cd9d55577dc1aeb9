/**
 * A mergeable latency histogram in microseconds: 10 µs buckets below 1 ms, then buckets 1% apart up
 * to an hour. Workers record millions of deliveries per step without keeping each value.
 */
const LINEAR_BUCKETS = 100;
const LINEAR_WIDTH_US = 10;
const LOG_BASE = Math.log(1.01);
const BUCKETS = LINEAR_BUCKETS + Math.ceil(Math.log(3_600_000_000 / 1000) / LOG_BASE) + 1;

function bucketOf(us: number): number {
  if (us < 1000) return Math.max(0, Math.floor(us / LINEAR_WIDTH_US));
  return Math.min(BUCKETS - 1, LINEAR_BUCKETS + Math.floor(Math.log(us / 1000) / LOG_BASE));
}

/** The upper edge of a bucket, in microseconds: percentiles err on the slow side. */
function upperEdge(bucket: number): number {
  if (bucket < LINEAR_BUCKETS) return (bucket + 1) * LINEAR_WIDTH_US;
  return 1000 * Math.pow(1.01, bucket - LINEAR_BUCKETS + 1);
}

export class Histogram {
  readonly counts: Uint32Array;
  count = 0;
  maxUs = 0;

  constructor(counts?: ArrayLike<number>) {
    this.counts = new Uint32Array(BUCKETS);
    if (counts) {
      this.counts.set(counts);
      for (const c of this.counts) this.count += c;
    }
  }

  record(us: number): void {
    this.counts[bucketOf(us)]! += 1;
    this.count += 1;
    if (us > this.maxUs) this.maxUs = us;
  }

  merge(other: Histogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  /** The latency below which `p` (0..1) of the recorded values fall, in milliseconds. */
  percentileMs(p: number): number {
    if (this.count === 0) return 0;
    const rank = Math.ceil(p * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperEdge(i), this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  summary(): { p50: number; p99: number; max: number; count: number } {
    return { p50: this.percentileMs(0.5), p99: this.percentileMs(0.99), max: this.maxUs / 1000, count: this.count };
  }

  /** A plain copy that crosses a worker boundary. */
  toJSON(): { counts: number[]; maxUs: number } {
    return { counts: Array.from(this.counts), maxUs: this.maxUs };
  }

  static from(data: { counts: number[]; maxUs: number }): Histogram {
    const h = new Histogram(data.counts);
    h.maxUs = data.maxUs;
    return h;
  }
}
