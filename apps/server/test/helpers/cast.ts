import type { HistoryPage, Room, SystemEvent } from '@parley/protocol';
import { expect } from 'vitest';
import { api, createRoom, joinPrivate, registerUser } from './api.js';
import type { Account } from './bodies.js';

/** Joins a room (a public one needs no body; a private one an invite code). */
export function join(url: string, token: string, roomId: string, body: unknown = {}) {
  return api<Room>(url, 'POST', `/api/rooms/${roomId}/join`, { token, body });
}

/** Every stored message of a room, oldest first. */
export async function history(url: string, token: string, roomId: string) {
  const res = await api<HistoryPage>(url, 'GET', `/api/rooms/${roomId}/messages?after=0&limit=100`, { token });
  expect(res.status).toBe(200);
  return res.body.messages;
}

/** The event of every stored message of a room, oldest first (null for text messages). */
export async function events(url: string, token: string, roomId: string): Promise<Array<SystemEvent | null>> {
  return (await history(url, token, roomId)).map((m) => m.event);
}

/**
 * A room named 'Cast' with an owner, an admin and a plain member, plus an outsider who never joined.
 * Its history is room.created, two member.joined and one member.role-changed: lastSeq 4.
 */
export async function cast(url: string, visibility: 'public' | 'private' = 'public') {
  const [owner, admin, member, outsider] = (await Promise.all(
    ['owner', 'admin', 'member', 'outsider'].map((p) => registerUser(url, p)),
  )) as [Account, Account, Account, Account];
  const room = await createRoom(url, owner.accessToken, { name: 'Cast', visibility });
  for (const a of [admin, member]) {
    if (visibility === 'public') expect((await join(url, a.accessToken, room.id)).status).toBe(200);
    else await joinPrivate(url, owner.accessToken, a.accessToken, room.id);
  }
  const promoted = await api(url, 'POST', `/api/rooms/${room.id}/members/${admin.user.id}/role`, {
    token: owner.accessToken,
    body: { role: 'admin' },
  });
  expect(promoted.status).toBe(200);
  return { owner, admin, member, outsider, room };
}
