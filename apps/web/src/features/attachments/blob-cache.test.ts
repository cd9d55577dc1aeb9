import { describe, expect, it } from 'vitest';
import { createBlobCache } from './blob-cache';

function setup(maxBytes = 1000) {
  const fetched: string[] = [];
  let fail = false;
  const cache = createBlobCache(async (url) => {
    fetched.push(url);
    if (fail) throw new Error('offline');
    return new Blob([new Uint8Array(Number(url.split(':')[1] ?? 1))]);
  }, maxBytes);
  return { cache, fetched, setFail: (f: boolean) => (fail = f) };
}

describe('blob cache', () => {
  it('fetches each url once, sharing a fetch in flight', async () => {
    const { cache, fetched } = setup();
    const [a, b] = await Promise.all([cache.get('t1:10'), cache.get('t1:10')]);
    expect(a).toBe(b);
    await cache.get('t1:10');
    expect(fetched).toEqual(['t1:10']);
  });

  it('forgets failures so the next view tries again', async () => {
    const { cache, fetched, setFail } = setup();
    setFail(true);
    await expect(cache.get('t1:10')).rejects.toThrow('offline');
    setFail(false);
    expect((await cache.get('t1:10')).size).toBe(10);
    expect(fetched).toEqual(['t1:10', 't1:10']);
  });

  it('evicts the least recently used blobs over the byte budget', async () => {
    const { cache, fetched } = setup(1000);
    await cache.get('a:400');
    await cache.get('b:400');
    await cache.get('a:400'); // a is now the most recent
    await cache.get('c:400'); // over budget: b goes
    fetched.length = 0;
    await cache.get('a:400');
    await cache.get('c:400');
    expect(fetched).toEqual([]);
    await cache.get('b:400');
    expect(fetched).toEqual(['b:400']);
  });

  it('keeps a single blob larger than the whole budget while it is the newest', async () => {
    const { cache, fetched } = setup(100);
    await cache.get('big:500');
    await cache.get('big:500');
    expect(fetched).toEqual(['big:500']);
  });

  it('serves primed blobs without fetching', async () => {
    const { cache, fetched } = setup();
    const local = new Blob(['local']);
    cache.prime('/api/attachments/x/thumbnail', local);
    expect(await cache.get('/api/attachments/x/thumbnail')).toBe(local);
    expect(fetched).toEqual([]);
    cache.clear();
    await cache.get('x:1');
    expect(fetched).toEqual(['x:1']);
  });
});
