import { readFileSync } from 'node:fs';

/** This build's version, from the server package (src/ and dist/ both sit one folder below it). */
export function parleyVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
