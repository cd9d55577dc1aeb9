import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reportError } from '../../lib/report';
import { loadMembers } from '../../ws/room-actions';
import { activeMentionQuery, insertMention, mentionCandidates, type MentionCandidate, type MentionQuery } from './mention-query';
import { useChatController, useChatState } from './useChat';

interface Options {
  roomId: string;
  text: string;
  /** Replaces the composer's text and puts the caret at `caret`. */
  applyEdit(text: string, caret: number): void;
}

export interface MentionAutocompleteState {
  listId: string;
  candidates: readonly MentionCandidate[];
  active: number;
  open: boolean;
  optionId(index: number): string;
  choose(index: number): void;
  /** Follows the caret: call on every input and caret move of the textarea. */
  track(el: HTMLTextAreaElement): void;
  /** Arrow keys, Enter/Tab and Escape while the list is open; true when the key was used. */
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
}

const candidateName = (c: MentionCandidate) => (c.kind === 'member' ? c.member.user.username : c.name);

/**
 * The `@` autocomplete's state: which mention is being typed, the members that match (loaded on the
 * first `@`), the highlighted one, and inserting the choice as `@username `.
 */
export function useMentionAutocomplete({ roomId, text, applyEdit }: Options): MentionAutocompleteState {
  const { i18n } = useTranslation();
  const ctrl = useChatController();
  const listId = useId();
  const meId = useChatState((s) => s.me.id);
  const room = useChatState((s) => s.rooms[roomId]);
  const [mention, setMention] = useState<{ query: MentionQuery; caret: number } | undefined>();
  const [active, setActive] = useState(0);
  /** Where the `@` was when the user pressed Escape: that mention stays closed. */
  const [dismissed, setDismissed] = useState<number | undefined>();
  const members = room?.members;
  const role = room?.room.myRole;
  // Direct conversations have no owner or admins, so nobody there gets @here/@all.
  const canMentionAll = role === 'owner' || role === 'admin';

  const candidates = useMemo(
    () => (mention ? mentionCandidates(members ?? [], mention.query.query, { meId, canMentionAll, locale: i18n.language }) : []),
    [mention, members, meId, canMentionAll, i18n.language],
  );
  const open = mention !== undefined && mention.query.start !== dismissed && candidates.length > 0;
  const needMembers = mention !== undefined && members === undefined;

  useEffect(() => {
    if (!needMembers) return;
    loadMembers(ctrl, roomId).catch((err: unknown) => reportError('loading members for mentions failed', err));
  }, [needMembers, ctrl, roomId]);

  // A new query starts at the top of the list.
  useEffect(() => setActive(0), [mention?.query.query, mention?.query.start]);
  // Sent or cleared: nothing is being typed any more.
  useEffect(() => {
    if (text === '') setMention(undefined);
  }, [text]);

  function choose(index: number) {
    const c = candidates[index];
    if (!mention || !c) return;
    const next = insertMention(text, mention.query, mention.caret, candidateName(c));
    setMention(undefined);
    applyEdit(next.text, next.caret);
  }

  function track(el: HTMLTextAreaElement) {
    const caret = el.selectionStart;
    const query = el.selectionEnd === caret ? activeMentionQuery(el.value, caret) : undefined;
    setMention(query ? { query, caret } : undefined);
    if (query?.start !== dismissed) setDismissed(undefined);
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean {
    if (!open || e.nativeEvent.isComposing || e.altKey || e.ctrlKey || e.metaKey) return false;
    const n = candidates.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    else if ((e.key === 'Enter' && !e.shiftKey) || (e.key === 'Tab' && !e.shiftKey)) choose(Math.min(active, n - 1));
    else if (e.key === 'Escape') setDismissed(mention.query.start);
    else return false;
    e.preventDefault();
    // Escape here closes only the list, not a drawer or dialog around the composer.
    e.stopPropagation();
    return true;
  }

  return { listId, candidates, active, open, optionId: (i) => `${listId}-${i}`, choose, track, onKeyDown };
}
