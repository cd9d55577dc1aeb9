import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalBlobStore, STALE_TMP_MS } from './local-blob-store.js';

describe('LocalBlobStore.init', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('removes crash leftovers but keeps uploads another instance is still writing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-blobs-'));
    dirs.push(root);
    const tmp = join(root, 'tmp');
    mkdirSync(tmp);
    const now = Date.now();
    const stale = join(tmp, 'stale');
    const live = join(tmp, 'live');
    writeFileSync(stale, 'half an upload from before a crash');
    writeFileSync(live, 'an upload streaming into a sibling instance');
    const old = new Date(now - STALE_TMP_MS - 60_000);
    utimesSync(stale, old, old);

    await new LocalBlobStore(root).init(now);

    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('creates the temporary folder on a fresh data dir', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'parley-blobs-')), 'blobs');
    dirs.push(root);
    await new LocalBlobStore(root).init();
    expect(existsSync(join(root, 'tmp'))).toBe(true);
  });
});
