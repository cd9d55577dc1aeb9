import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB_DIR = process.env.PARLEY_TEST_WEB_DIR ?? fileURLToPath(new URL('../dist', import.meta.url));
/** Issue #5: the JavaScript a first visit must download, gzip-compressed. */
const INITIAL_JS_BUDGET = 200 * 1024;

/** Scripts index.html loads before the app can render: the entry module and its modulepreloads. */
function initialScripts(html: string): string[] {
  const entry = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  return [...new Set([...entry, ...preloads])];
}

describe('web bundle', () => {
  it('keeps the initial JavaScript under 200 KB gzip', () => {
    const index = `${WEB_DIR}/index.html`;
    if (!existsSync(index)) throw new Error(`${WEB_DIR} is not built; run npm run build -w @parley/web`);
    const scripts = initialScripts(readFileSync(index, 'utf8'));
    expect(scripts.length).toBeGreaterThan(0);
    const sizes = scripts.map((src) => ({ src, gzip: gzipSync(readFileSync(`${WEB_DIR}${src}`)).length }));
    const total = sizes.reduce((n, s) => n + s.gzip, 0);
    process.stdout.write(`initial JS: ${sizes.map((s) => `${s.src} ${s.gzip} B`).join(', ')}; total ${total} B gzip\n`);
    expect(total).toBeLessThan(INITIAL_JS_BUDGET);
  });
});
