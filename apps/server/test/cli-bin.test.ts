import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/parley.js', import.meta.url));
const built = existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)));
if (!built) {
  if (process.env.CI === 'true') throw new Error('apps/server/dist is missing under CI=true: `npm test` builds before it tests');
  process.stderr.write('\n!!! apps/server/dist/cli/main.js missing (run `npm run build -w @parley/server`): SKIPPING the bin/parley.js test !!!\n\n');
}

describe.skipIf(!built)('the installed parley command', () => {
  it('lists every command on --help and exits 0', () => {
    const run = spawnSync(process.execPath, [BIN, '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: parley <command> \[options\]/);
    for (const name of ['admin create', 'user reset-password', 'user disable', 'user enable', 'doctor', 'migrate']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name}\\s{2,}\\S`, 'm'));
    }
  });

  it('prints a command help, and exits 2 on a usage error with the message on stderr', () => {
    const help = spawnSync(process.execPath, [BIN, 'user', 'disable', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: parley user disable <username>\n/);
    const bad = spawnSync(process.execPath, [BIN, 'doctor', '--bogus'], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^parley doctor: .*--bogus/);
  });
});
