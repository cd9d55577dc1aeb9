import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/security.md names, for every threat, the tests that prove its control. This keeps those names
// true: a renamed or deleted test fails here instead of leaving the threat model pointing at nothing.
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TEST_DIRS = ['apps/server/test', 'apps/server/src', 'apps/web/test', 'apps/web/src', 'packages/protocol/test', 'deploy/test'];

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Test files by name; two files may share one (a unit test in src/ and an integration test). */
const files = new Map<string, string[]>();
for (const dir of TEST_DIRS) for (const path of testFiles(dir)) files.set(basename(path), [...(files.get(basename(path)) ?? []), path]);

/** Every `[dir/]file.test.ts` › "title", "title" reference in the document, with the titles unescaped. */
function references(doc: string): { file: string; titles: string[] }[] {
  const refs: { file: string; titles: string[] }[] = [];
  const ref = /`((?:[\w./-]+\/)?[\w.-]+\.test\.ts)`(?: › ((?:"(?:[^"\\]|\\.)*"(?:, )?)+))?/g;
  for (const m of doc.matchAll(ref)) {
    const titles = [...(m[2] ?? '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((t) => t[1]!.replace(/\\"/g, '"'));
    refs.push({ file: m[1]!, titles });
  }
  return refs;
}

/** The files a reference can mean: a leading folder (`domain/mentions.test.ts`) picks among same-named files. */
function candidates(file: string): string[] {
  return (files.get(basename(file)) ?? []).filter((path) => path.endsWith(`/${file}`));
}

const doc = readFileSync(join(ROOT, 'docs/security.md'), 'utf8');
const refs = references(doc);

describe('docs/security.md', () => {
  it('names tests for each section of the threat model', () => {
    expect(refs.length).toBeGreaterThan(60);
    expect(refs.reduce((n, r) => n + r.titles.length, 0)).toBeGreaterThan(120);
  });

  it.each(refs.map((r) => [r.file, r.titles] as const))('names %s and titles it really has: %j', (file, titles) => {
    const paths = candidates(file);
    expect(paths, `${file} is not a test file`).not.toEqual([]);
    expect(paths, `${file} names several files: add a folder`).toHaveLength(1);
    const source = readFileSync(paths[0]!, 'utf8');
    for (const title of titles) expect(source, `${file} has no test titled "${title}"`).toContain(title);
  });
});
