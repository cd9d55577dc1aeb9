import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseFlags, USAGE, type BenchOptions } from '../src/flags.js';

function parsed(argv: string[]): BenchOptions {
  const o = parseFlags(argv);
  if (o === 'help') throw new Error('expected options, got help');
  return o;
}

describe('--out', () => {
  it('defaults to bench/results/', () => {
    expect(parsed([]).out).toBe(resolve(fileURLToPath(new URL('../results/', import.meta.url))));
  });

  it('resolves a relative directory against the working directory', () => {
    expect(parsed(['--out', 'tmp/bench-run']).out).toBe(resolve(process.cwd(), 'tmp/bench-run'));
    expect(parsed(['--out=/var/tmp/bench']).out).toBe('/var/tmp/bench');
  });

  it('refuses an empty directory name', () => {
    expect(() => parseFlags(['--out', ''])).toThrow('--out must name a directory');
  });

  it('is documented in the usage text', () => {
    expect(USAGE).toMatch(/--out DIR .*default: bench\/results\//);
  });
});

describe('size flags', () => {
  it('take a positive number', () => {
    expect(parsed(['--rooms', '4', '--step-ms', '300']).sizes).toMatchObject({ rooms: 4, stepMs: 300 });
    expect(() => parseFlags(['--rooms', '0'])).toThrow('--rooms must be a positive number (got 0)');
    expect(() => parseFlags(['--rooms', 'many'])).toThrow('--rooms must be a positive number');
  });

  it('accept 0 refine steps, for a fan-out run that does not bisect', () => {
    expect(parsed(['--refine-steps', '0']).sizes.refineSteps).toBe(0);
    expect(() => parseFlags(['--refine-steps=-1'])).toThrow('--refine-steps must be zero or more (got -1)');
  });
});
