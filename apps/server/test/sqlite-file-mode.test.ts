import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../src/storage/db.js';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite file', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-mode-'));
    dirs.push(dir);
    return dir;
  };

  it('is created readable by its owner only, and so are its -wal and -shm files', async () => {
    const file = join(tempDir(), 'data', 'parley.db');
    const { store } = await openStore({ databaseUrl: `sqlite:${file}`, dataDir: '/nonexistent' });
    try {
      expect(existsSync(`${file}-wal`)).toBe(true); // the migrations wrote through the WAL
      expect([modeOf(file), modeOf(`${file}-wal`), modeOf(`${file}-shm`)]).toEqual([0o600, 0o600, 0o600]);
    } finally {
      await store.close();
    }
  });

  it('keeps the mode of an existing database file', async () => {
    const file = join(tempDir(), 'parley.db');
    writeFileSync(file, '');
    chmodSync(file, 0o640);
    const { store } = await openStore({ databaseUrl: `sqlite:${file}`, dataDir: '/nonexistent' });
    await store.close();
    expect(modeOf(file)).toBe(0o640);
  });
});
