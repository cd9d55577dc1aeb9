import { describe, expect, it } from 'vitest';
import { SharedTokenBuckets } from './shared-token-buckets.js';

describe('SharedTokenBuckets', () => {
  it('gives every holder of a key the same bucket, and other keys their own', () => {
    const now = 0;
    const buckets = new SharedTokenBuckets(1, 2, () => now);
    const a = buckets.acquire('u1');
    const b = buckets.acquire('u1');
    expect(a.bucket.take()).toBe(true);
    expect(b.bucket.take()).toBe(true);
    expect(a.bucket.take()).toBe(false);
    expect(buckets.acquire('u2').bucket.take()).toBe(true);
  });

  it('keeps a spent bucket after its last holder leaves, until it would be full again', () => {
    let now = 0;
    const buckets = new SharedTokenBuckets(10, 2, () => now);
    const first = buckets.acquire('u1');
    first.bucket.take();
    first.bucket.take();
    first.release();
    first.release(); // a second release is ignored
    const again = buckets.acquire('u1');
    expect(again.bucket.take()).toBe(false);
    now += 200;
    again.release();
    expect(buckets.size).toBe(0);
    expect(buckets.acquire('u1').bucket.take()).toBe(true);
  });
});
