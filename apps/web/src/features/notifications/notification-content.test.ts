import type { Message } from '@parley/protocol';
import { describe, expect, it } from 'vitest';
import { BODY_MAX, notificationContent, truncate } from './notification-content';

const ROOM = '00000000-0000-4000-8000-000000000001';
const msg = (extra: Partial<Message> = {}): Message => ({
  id: '00000000-0000-4000-8000-000000000006',
  roomId: ROOM,
  seq: 6,
  kind: 'text',
  body: 'hello\n  there',
  event: null,
  sender: { id: '00000000-0000-4000-8000-0000000000bb', username: 'xm', displayName: '小明' },
  clientMsgId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});
const t = (key: string, values?: Record<string, string>) => `${key}(${[values?.name, values?.room].filter(Boolean).join(',')})`;

describe('notification content', () => {
  it('titles with the room, says who wrote what on one line, and tags by room', () => {
    expect(notificationContent(msg(), '产品', t)).toEqual({ title: '产品', body: '小明: hello there', tag: ROOM });
  });

  it('names a webhook message by its bot', () => {
    const bot = msg({ sender: null, bot: { webhookId: '00000000-0000-4000-8000-0000000000cc', name: 'CI' } });
    expect(notificationContent(bot, '产品', t).body).toBe('CI: hello there');
  });

  it('says an image or file was sent when there is no caption', () => {
    expect(notificationContent(msg({ kind: 'image', body: '' }), 'r', t).body).toBe('notifications.sentImage(小明)');
    expect(notificationContent(msg({ kind: 'file', body: ' ' }), 'r', t).body).toBe('notifications.sentFile(小明)');
    expect(notificationContent(msg({ kind: 'image', body: 'look' }), 'r', t).body).toBe('小明: look');
  });

  it('titles a mention with who mentioned me and where, the body being the text alone', () => {
    expect(notificationContent(msg({ body: '@me look' }), '产品', t, { mentioned: true })).toEqual({
      title: 'mentions.notifyTitle(小明,产品)',
      body: '@me look',
      tag: ROOM,
    });
  });

  it('titles a direct message by its sender, and a group one by sender and conversation', () => {
    expect(notificationContent(msg(), '小明', t, { direct: 'one' })).toEqual({ title: '小明', body: 'hello there', tag: ROOM });
    expect(notificationContent(msg(), '小明, Bo', t, { direct: 'group', mentioned: true }).title).toBe('direct.notifyTitle(小明,小明, Bo)');
  });

  it('cuts long text without splitting an emoji', () => {
    const long = truncate('😀'.repeat(BODY_MAX + 10));
    expect([...long]).toHaveLength(BODY_MAX);
    expect(long.endsWith('😀…')).toBe(true);
    expect(truncate('short')).toBe('short');
  });
});
