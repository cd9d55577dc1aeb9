import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/config.example.yaml', import.meta.url));

describe('config/config.example.yaml', () => {
  it('is a valid config once copied to config/config.yaml', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'parley-example-'));
    try {
      mkdirSync(join(cwd, 'config'));
      copyFileSync(EXAMPLE, join(cwd, 'config', 'config.yaml'));
      const config = loadConfig({ env: {}, cwd });
      expect(config.port).toBe(8000);
      expect(config.metrics.enabled).toBe(true);
      expect(config.redisUrl).toBeUndefined();
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
