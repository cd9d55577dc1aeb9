import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInstructions, parseStages, type Instruction } from './helpers/dockerfile.js';

// Docker is not available where the suite runs, so the image is checked by reading its recipe.
const text = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
const stages = parseStages(text);
const runtime = stages.at(-1)!;
const all = (keyword: string, list: Instruction[] = parseInstructions(text)) => list.filter((i) => i.keyword === keyword);
const last = (keyword: string) => all(keyword, runtime.instructions).at(-1)?.args;

describe('Dockerfile', () => {
  it('builds in several stages, all on node:20-slim', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(stages.map((s) => s.name));
    for (const stage of stages) expect(stage.image === 'node:20-slim' || names.has(stage.image)).toBe(true);
    expect(runtime.image).toBe('node:20-slim');
  });

  it('runs the final stage as a non-root user', () => {
    const user = last('USER');
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('checks liveness on /healthz without tools the slim image lacks', () => {
    const healthcheck = last('HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node"/);
    expect(healthcheck).toContain('/healthz');
  });

  it('exposes port 8000, keeps data in a /data volume and starts the built server', () => {
    expect(last('EXPOSE')).toBe('8000');
    expect(last('VOLUME')).toBe('/data');
    expect(all('ENV', runtime.instructions).map((i) => i.args).join(' ')).toMatch(/PARLEY_DATA_DIR=\/data\b/);
    expect(last('CMD')).toBe('["node", "apps/server/dist/main.js"]');
  });

  it('ships production dependencies only, with no compilers in the final image', () => {
    expect(all('RUN').some((i) => /npm ci\b.*--omit=dev/.test(i.args))).toBe(true);
    const runtimeRuns = all('RUN', runtime.instructions).map((i) => i.args).join('\n');
    expect(runtimeRuns).not.toMatch(/apt-get install|npm (ci|install)\b/);
    // Everything in the final image comes from a named stage: no raw build context, no dev tree.
    for (const copy of all('COPY', runtime.instructions)) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      expect(stages.slice(0, -1).map((s) => s.name)).toContain(from);
    }
  });

  it('ships the parley command line on the PATH', () => {
    const copies = all('COPY', runtime.instructions).map((i) => i.args);
    expect(copies).toContain('--from=build /app/apps/server/bin apps/server/bin');
    expect(all('RUN', runtime.instructions).map((i) => i.args).join('\n')).toMatch(/ln -s \/app\/apps\/server\/bin\/parley\.js \/usr\/local\/bin\/parley/);
  });

  it('bakes in no secrets', () => {
    for (const i of [...all('ENV'), ...all('ARG')]) {
      expect(i.args).not.toMatch(/SECRET|PASSWORD|TOKEN|PRIVATE|API_KEY|DATABASE_URL|REDIS_URL/i);
    }
    expect(text).not.toMatch(/postgres:\/\/\S+:\S+@|redis:\/\/:\S+@/);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(new URL('../../.dockerignore', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

  it('keeps local state, dependencies and secrets out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', 'data', '.git', '.env', 'config/config.yaml']));
  });
});

describe('Dockerfile parser', () => {
  it('joins continued lines and skips comments inside them', () => {
    expect(parseInstructions('FROM a AS b\n# c\nRUN x \\\n  # inner\n  && y\n')).toEqual([
      { keyword: 'FROM', args: 'a AS b' },
      { keyword: 'RUN', args: 'x && y' },
    ]);
  });
});
