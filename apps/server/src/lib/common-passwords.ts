import { readFileSync } from 'node:fs';

/**
 * The shipped list (data/common-passwords.txt, see data/README.md), resolved from this module so it
 * is found from src/ under tests and from dist/ in the built server and the Docker image alike.
 */
export const COMMON_PASSWORDS_FILE = new URL('../../data/common-passwords.txt', import.meta.url);

/** Reads the list once, lower-cased; a missing file stops start-up rather than silently allowing everything. */
export function loadCommonPasswords(file: URL | string = COMMON_PASSWORDS_FILE): ReadonlySet<string> {
  const text = readFileSync(file, 'utf8');
  const words = new Set<string>();
  for (const line of text.split(/\r?\n/)) if (line !== '') words.add(line.toLowerCase());
  if (words.size === 0) throw new Error(`the common-password list ${String(file)} is empty`);
  return words;
}
