import { randomUUID } from 'node:crypto';
import type { Message, UserRef } from '@parley/protocol';
import type { Store } from '@parley/server/dist/storage/types.js';

/** Rows per import transaction. */
const IMPORT_BATCH = 10_000;

/**
 * Chat-like lines, Chinese and English. 数据库 and 开会 and "staging" each appear in a fixed share of
 * messages; "kubernetes" never does. Every line also carries a ticket number 工单0..4999, so one ticket
 * is in about one message in 5,000: the rare-term case (see rareTicket).
 */
const LINES = [
  '我们的数据库挂了, 正在切换到备用节点',
  'Deploy finished, all green on staging',
  '下午三点开会讨论新版本的发布计划',
  'Can someone review the migration PR before lunch?',
  '日志里看到很多超时, 可能是网络问题',
  '客户反馈登录页面加载很慢, 请帮忙看看',
  'Rolled back release 2.3, error rate is back to normal',
  '周五之前要把测试报告发给产品经理',
];

const ticketOf = (i: number) => `工单${(i * 7919) % 5000}`;

/** A ticket the seed of `messages` messages certainly wrote (message n/2's), found in ~1 of 5,000 messages. */
export const rareTicket = (messages: number) => ticketOf(Math.floor(messages / 2));

/** The search scenario's reader and its rooms: the reader is a member of these rooms only. */
export interface SearchLayout {
  messages: number;
  rooms: number;
}

/**
 * `messages` messages spread round-robin over `rooms` new rooms, owned by a reader who belongs to
 * nothing else, so a search covers exactly this many messages. Returns the reader and the rooms.
 */
export async function seedSearchRooms(store: Store, layout: SearchLayout, at: number): Promise<{ reader: UserRef; rooms: string[] }> {
  const reader: UserRef = { id: randomUUID(), username: 'benchsearch', displayName: 'Bench search' };
  await store.users.create({ ...reader, bio: '', statusText: '', passwordHash: '!', createdAt: at, avatarSmall: null, avatarLarge: null });
  const rooms = Array.from({ length: layout.rooms }, () => randomUUID());
  for (const [n, id] of rooms.entries()) {
    await store.rooms.create({ id, name: `search room ${n}`, description: '', visibility: 'public', createdAt: at, createdBy: reader.id });
    await store.members.add(id, reader.id, 'owner', at);
  }
  const start = at - layout.messages * 1000;
  for (let first = 0; first < layout.messages; first += IMPORT_BATCH) {
    const batch: Message[] = [];
    for (let i = first; i < Math.min(first + IMPORT_BATCH, layout.messages); i++) {
      const room = i % layout.rooms;
      batch.push({
        id: randomUUID(), roomId: rooms[room]!, seq: Math.floor(i / layout.rooms) + 1, kind: 'text',
        body: `${LINES[i % LINES.length]!} ${ticketOf(i)}`, event: null,
        sender: reader, clientMsgId: null, createdAt: new Date(start + i * 1000).toISOString(),
      });
    }
    await store.messages.importMany(batch);
  }
  return { reader, rooms };
}
