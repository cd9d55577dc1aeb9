#!/usr/bin/env node
// `npx parley` / `npm run parley --`: the compiled CLI lives in dist/, built by `npm run build` (or `npm start`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('parley: the server is not built yet; run `npm run build` first\n');
  process.exit(1);
}
await import(entry);
