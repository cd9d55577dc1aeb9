import type { TFunction } from 'i18next';
import type { Reaction } from '@parley/protocol';

/** Names spelled out in a reaction's tooltip before the rest become "and N others". */
const NAMED = 3;

/**
 * "Alice, Bob and 3 others reacted with 👍", in the user's language, with "You" (first) for the user. The
 * list is joined the way the language joins lists (Intl.ListFormat): "A, B, and C" / "A、B和C".
 */
export function reactedByText(t: TFunction, lang: string, reaction: Reaction, meId: string): string {
  // "You" first, as people look for themselves; the others keep the order they reacted in.
  const mine = reaction.users.some((u) => u.id === meId);
  const names = [...(mine ? [t('reactions.you')] : []), ...reaction.users.filter((u) => u.id !== meId).map((u) => u.displayName)];
  const shown = names.length > NAMED + 1 ? names.slice(0, NAMED) : names;
  const rest = reaction.count - shown.length;
  const parts = rest > 0 ? [...shown, t('reactions.others', { count: rest })] : shown;
  const list = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(parts);
  return t('reactions.reactedBy', { names: list, emoji: reaction.emoji });
}
