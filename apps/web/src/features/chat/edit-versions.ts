import type { Message, MessageEditEntry, UserRef } from '@parley/protocol';

/** One state of a message's text in its edit history, oldest first. */
export type EditVersion =
  | { kind: 'original'; body: string; at: string }
  | { kind: 'edited'; body: string; at: string; by: UserRef }
  | { kind: 'deleted'; at: string; by: UserRef };

/**
 * Turns the server's edit records (each: the text as it was before an edit or a deletion, with when
 * and by whom it was replaced) into the versions a reader follows: the original, each edit, and the
 * deletion, or the current text when the message still stands.
 */
export function editVersions(message: Message, edits: readonly MessageEditEntry[]): EditVersion[] {
  const versions: EditVersion[] = [];
  let since = message.createdAt;
  let by: UserRef | undefined;
  for (const entry of edits) {
    versions.push(by ? { kind: 'edited', body: entry.body, at: since, by } : { kind: 'original', body: entry.body, at: since });
    since = entry.editedAt;
    by = entry.editor;
    if (entry.deleted) return [...versions, { kind: 'deleted', at: entry.editedAt, by: entry.editor }];
  }
  if (message.deletedAt !== undefined) return versions;
  versions.push(by ? { kind: 'edited', body: message.body, at: since, by } : { kind: 'original', body: message.body, at: since });
  return versions;
}
