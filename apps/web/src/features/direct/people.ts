import type { UserRef } from '@parley/protocol';

/** Someone the caller could message. */
export interface Person {
  user: UserRef;
}

const fold = (s: string, locale?: string) => s.normalize('NFKC').toLocaleLowerCase(locale).trim();

/** One entry per user (the first list that has them wins), never the caller, sorted by display name. */
export function mergePeople(lists: readonly (readonly Person[])[], meId: string, locale?: string): Person[] {
  const byId = new Map<string, Person>();
  for (const list of lists) for (const p of list) if (p.user.id !== meId && !byId.has(p.user.id)) byId.set(p.user.id, p);
  return [...byId.values()].sort((a, b) => a.user.displayName.localeCompare(b.user.displayName, locale));
}

/** People whose display name or username contains the query (case- and width-insensitive, any script). */
export function filterPeople(people: readonly Person[], query: string, locale?: string): Person[] {
  const q = fold(query, locale);
  if (q === '') return [...people];
  const starts = (p: Person) => fold(p.user.displayName, locale).startsWith(q) || fold(p.user.username, locale).startsWith(q);
  const matches = people.filter((p) => fold(p.user.displayName, locale).includes(q) || fold(p.user.username, locale).includes(q));
  // Prefix matches first: typing "al" should put Alice above Sal.
  return [...matches.filter(starts), ...matches.filter((p) => !starts(p))];
}
