import type { HistoryPage, MemberList, RoomList } from '@parley/protocol';
import { api } from './api.js';

/**
 * Everything stored that the given users can see: their room lists, and per room its full history
 * and member list. Presence is left out (it moves on its own); two snapshots are equal exactly when
 * a misbehaving request changed no room, member or message.
 */
export async function snapshot(baseUrl: string, tokens: string[]): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const [i, token] of tokens.entries()) {
    const list = await api<RoomList>(baseUrl, 'GET', '/api/rooms', { token });
    if (list.status !== 200) throw new Error(`snapshot: GET /api/rooms answered ${list.status}`);
    const rooms = list.body.rooms.map(({ onlineCount: _online, ...room }) => room).sort((a, b) => a.id.localeCompare(b.id));
    const details: Record<string, unknown> = {};
    for (const room of rooms) {
      if (room.myRole === null) continue;
      const history = await api<HistoryPage>(baseUrl, 'GET', `/api/rooms/${room.id}/messages?after=0&limit=100`, { token });
      const members = await api<MemberList>(baseUrl, 'GET', `/api/rooms/${room.id}/members`, { token });
      details[room.id] = {
        messages: history.body.messages,
        members: members.body.members.map(({ online: _online, ...m }) => m),
      };
    }
    out[`user${i}`] = { rooms, details };
  }
  return out;
}
