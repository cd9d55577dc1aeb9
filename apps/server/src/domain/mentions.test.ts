import { describe, expect, it } from 'vitest';
import type { MentionTargets, Store } from '../storage/types.js';
import { MAX_MENTION_TOKENS, parseMentions, replaceMentions, resolveMentions, withMentionMeta } from './mentions.js';

/** The first name each token may stand for (its longest reading). */
const longest = (body: string) => parseMentions(body).tokens.map((t) => t.names[0]);

describe('parseMentions', () => {
  it('finds @names at the start, after spaces and after punctuation, Chinese punctuation included', () => {
    expect(longest('@alice hi, @bob (@carol) 好的，@小明 。@dave')).toEqual(['alice', 'bob', 'carol', '小明', 'dave']);
  });

  it('ignores e-mail addresses and @ inside words', () => {
    expect(longest('write to alice@example.com or a.b@c.io, foo_@bar')).toEqual([]);
  });

  it('ignores mentions inside code spans and fenced code blocks', () => {
    expect(longest('run `@alice` and ``x @bob ` y`` then @carol')).toEqual(['carol']);
    expect(longest('```\n@alice\n```\n@bob\n~~~~\n@carol\n~~~\n~~~~\n@dave')).toEqual(['bob', 'dave']);
    expect(longest('> ```\n> @alice\n> ```\n@bob')).toEqual(['bob']);
  });

  it('keeps a mention after an unmatched backtick and inside an unclosed fence ignores the rest', () => {
    expect(longest('a ` @alice')).toEqual(['alice']);
    expect(longest('```\n@alice')).toEqual([]);
  });

  it('ignores @ inside links', () => {
    expect(longest('see https://mastodon.social/@alice and www.x.com/@bob and [@carol](https://x.io/@dave)')).toEqual(['carol']);
  });

  it('ignores an escaped \\@name', () => {
    expect(longest('\\@alice')).toEqual([]);
  });

  it('offers shorter readings where a name may end: trailing dots and dashes, and before Han or kana', () => {
    expect(parseMentions('thanks @bob.').tokens).toEqual([{ names: ['bob.', 'bob'] }]);
    expect(parseMentions('@小明同学你好').tokens[0]!.names).toEqual(['小明同学你好', '小明同学你', '小明同学', '小明同', '小明', '小']);
    expect(parseMentions('@bobさん').tokens[0]!.names).toEqual(['bobさん', 'bobさ', 'bob']);
    // Latin runs on: "@alicehello" is not "@alice" followed by "hello".
    expect(parseMentions('@alicehello').tokens).toEqual([{ names: ['alicehello'] }]);
  });

  it('flags @here and @all in any case, also before punctuation', () => {
    expect(parseMentions('@here please')).toMatchObject({ here: true, all: false });
    expect(parseMentions('attention @ALL!')).toMatchObject({ here: false, all: true });
    expect(parseMentions('@allen and @hereford')).toMatchObject({ here: false, all: false });
    expect(parseMentions('`@all`')).toMatchObject({ all: false });
  });

  it('counts each name once and stops looking after the token limit', () => {
    expect(longest('@bob @Bob @bob')).toEqual(['bob']);
    const many = Array.from({ length: MAX_MENTION_TOKENS + 20 }, (_, i) => `@user${i}`).join(' ');
    expect(parseMentions(many).tokens).toHaveLength(MAX_MENTION_TOKENS);
  });

  it('skips tokens longer than any username', () => {
    expect(longest(`@${'a'.repeat(40)}`)).toEqual([]);
  });
});

describe('resolveMentions', () => {
  const ids: Record<string, string> = { alice: 'u-alice', bob: 'u-bob', 小明: 'u-xm', 'bob.': 'u-bobdot', all: 'u-all' };
  const members = ['u-alice', 'u-bob', 'u-xm', 'u-carol', 'u-all'];
  const store = {
    mentions: {
      async findMembersByUsername(_roomId: string, names: readonly string[]) {
        return new Map(names.filter((n) => ids[n.toLowerCase()] !== undefined && members.includes(ids[n.toLowerCase()]!)).map((n) => [n, ids[n.toLowerCase()]!]));
      },
      replaceForMessage: async () => undefined,
    },
    members: { listUserIds: async () => members },
  } as unknown as Pick<Store, 'mentions' | 'members'>;
  const online = new Set(['u-alice', 'u-carol']);
  const deps = { store, isOnline: (id: string) => online.has(id) };
  const input = (body: string, senderRole: 'owner' | 'admin' | 'member' = 'member') => ({ roomId: 'r', senderId: 'u-alice', senderRole, body });

  it('mentions members by name, case-insensitively, once each, never the sender, never non-members', async () => {
    const r = await resolveMentions(deps, input('@BOB @bob @alice @小明你好 @stranger @bob.'));
    expect(r).toEqual({ meta: { mentions: ['u-bob', 'u-xm'] }, targets: { everyone: false, userIds: ['u-bob', 'u-xm'] } });
  });

  it('leaves @all and @here as plain names for a plain member', async () => {
    const r = await resolveMentions(deps, input('@all @here'));
    expect(r).toEqual({ meta: { mentions: ['u-all'] }, targets: { everyone: false, userIds: ['u-all'] } });
  });

  it('lets an admin notify every member with @all', async () => {
    const r = await resolveMentions(deps, input('@all @bob', 'admin'));
    expect(r).toEqual({ meta: { mentions: ['u-bob'], mentionsAll: 'all' }, targets: { everyone: true, userIds: ['u-bob'] } });
  });

  it('lets an owner notify the members online now with @here, the sender excluded', async () => {
    const r = await resolveMentions(deps, input('@here @bob', 'owner'));
    expect(r).toEqual({ meta: { mentions: ['u-bob'], mentionsAll: 'here' }, targets: { everyone: false, userIds: ['u-bob', 'u-carol'] } });
  });

  it('answers a body without mentions with nothing and looks nobody up', async () => {
    const r = await resolveMentions({ store: {} as Pick<Store, 'mentions' | 'members'>, isOnline: () => true }, input('hello `@bob`'));
    expect(r).toEqual({ meta: {}, targets: { everyone: false, userIds: [] } });
  });
});

describe('mentions of an edited message', () => {
  it('replaces the rows at the message’s seq and returns the new mention keys', async () => {
    const replaced: Array<[{ id: string; seq: number }, MentionTargets]> = [];
    const store = {
      mentions: {
        findMembersByUsername: async (_roomId: string, names: readonly string[]) => new Map(names.filter((n) => n === 'carol').map((n) => [n, 'u-carol'])),
        replaceForMessage: async (m: { id: string; seq: number }, t: MentionTargets) => void replaced.push([m, t]),
      },
      members: { listUserIds: async () => ['u-alice', 'u-carol'] },
    } as unknown as Pick<Store, 'mentions' | 'members'>;
    const message = { id: 'm1', roomId: 'r', seq: 7, senderId: 'u-alice' };
    const meta = await replaceMentions({ store, isOnline: () => false }, message, 'member', 'now @carol, not @bob');
    expect(meta).toEqual({ mentions: ['u-carol'] });
    expect(replaced).toEqual([[message, { everyone: false, userIds: ['u-carol'] }]]);
    expect(await replaceMentions({ store, isOnline: () => false }, message, 'member', 'nobody')).toEqual({});
    expect(replaced[1]).toEqual([message, { everyone: false, userIds: [] }]);
  });

  it('swaps only the mention keys of stored meta', () => {
    const bot = { webhookId: 'w', name: 'CI' };
    expect(withMentionMeta({ replyToId: 'x', mentions: ['a'], mentionsAll: 'here', bot }, { mentions: ['b'] })).toEqual({ replyToId: 'x', mentions: ['b'], bot });
    expect(withMentionMeta(undefined, {})).toEqual({});
  });
});
