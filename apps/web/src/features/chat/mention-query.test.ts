import { describe, expect, it } from 'vitest';
import type { Member } from '@parley/protocol';
import { activeMentionQuery, insertMention, mentionCandidates } from './mention-query';

const member = (id: string, username: string, displayName: string): Member => ({
  user: { id, username, displayName },
  role: 'member',
  joinedAt: '2026-01-01T00:00:00.000Z',
  online: false,
  statusText: '',
});

const MEMBERS = [member('1', 'alice', 'Alice Liddell'), member('2', 'bob', 'Bob Stone'), member('3', 'zhangwei', '张伟'), member('4', 'me', 'Me Myself'), member('5', 'carol', 'Alicia Keys')];
const names = (c: ReturnType<typeof mentionCandidates>) => c.map((x) => (x.kind === 'member' ? x.member.user.username : `@${x.name}`));

describe('activeMentionQuery', () => {
  it('finds the mention being typed at the caret', () => {
    expect(activeMentionQuery('hi @al', 6)).toEqual({ start: 3, query: 'al' });
    expect(activeMentionQuery('@', 1)).toEqual({ start: 0, query: '' });
  });

  it('opens after Chinese punctuation and for Chinese names', () => {
    expect(activeMentionQuery('你好，@张', 5)).toEqual({ start: 3, query: '张' });
  });

  it('ignores an e-mail address and a finished mention', () => {
    expect(activeMentionQuery('mail bob@example.com', 20)).toBeUndefined();
    expect(activeMentionQuery('@alice hi', 9)).toBeUndefined();
  });

  it('only looks at the text before the caret', () => {
    expect(activeMentionQuery('@al and more', 3)).toEqual({ start: 0, query: 'al' });
  });
});

describe('mentionCandidates', () => {
  const opts = { meId: '4', canMentionAll: false };

  it('matches username and display name prefixes, usernames first, never me', () => {
    expect(names(mentionCandidates(MEMBERS, 'al', opts))).toEqual(['alice', 'carol']);
    expect(names(mentionCandidates(MEMBERS, 'M', opts))).toEqual([]);
  });

  it('matches a later word of the display name, case-insensitively', () => {
    expect(names(mentionCandidates(MEMBERS, 'STONE', opts))).toEqual(['bob']);
  });

  it('finds Chinese display names by their first characters', () => {
    expect(names(mentionCandidates(MEMBERS, '张', opts))).toEqual(['zhangwei']);
  });

  it('offers @here and @all only to those allowed to use them', () => {
    expect(names(mentionCandidates(MEMBERS, '', { ...opts, limit: 1 }))).toEqual(['alice']);
    expect(names(mentionCandidates(MEMBERS, 'a', { ...opts, canMentionAll: true }))).toEqual(['alice', 'carol', '@all']);
    expect(names(mentionCandidates(MEMBERS, 'he', { ...opts, canMentionAll: true }))).toEqual(['@here']);
  });
});

describe('insertMention', () => {
  it('replaces the typed query with the username and a space', () => {
    expect(insertMention('hi @al', { start: 3, query: 'al' }, 6, 'alice')).toEqual({ text: 'hi @alice ', caret: 10 });
  });

  it('keeps the text after the caret without doubling a space', () => {
    expect(insertMention('@b how are you', { start: 0, query: 'b' }, 2, 'bob')).toEqual({ text: '@bob how are you', caret: 5 });
  });
});
