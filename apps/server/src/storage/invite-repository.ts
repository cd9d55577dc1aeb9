import type { Kysely } from 'kysely';
import { toMillis } from './dialect.js';
import type { Database } from './schema.js';
import type { InviteRepository } from './types.js';
import { toUserRef } from './user-ref.js';

export function createInviteRepository(db: Kysely<Database>): InviteRepository {
  return {
    async create(invite) {
      await db
        .insertInto('room_invites')
        .values({
          id: invite.id,
          code_hash: invite.codeHash,
          room_id: invite.roomId,
          created_by: invite.createdBy,
          created_at: invite.createdAt,
          expires_at: invite.expiresAt,
        })
        .execute();
    },
    async isValid(roomId, codeHash, now) {
      const row = await db
        .selectFrom('room_invites')
        .select('code_hash')
        .where('code_hash', '=', codeHash)
        .where('room_id', '=', roomId)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row !== undefined;
    },
    async listLive(roomId, now) {
      const rows = await db
        .selectFrom('room_invites as i')
        .innerJoin('users as u', 'u.id', 'i.created_by')
        .select(['i.id', 'i.room_id', 'i.created_at', 'i.expires_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
        .where('i.room_id', '=', roomId)
        .where('i.expires_at', '>', now)
        .orderBy('i.created_at', 'desc')
        .orderBy('i.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        roomId: r.room_id,
        createdBy: toUserRef({ id: r.user_id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large }),
        createdAt: toMillis(r.created_at) ?? 0,
        expiresAt: toMillis(r.expires_at) ?? 0,
      }));
    },
    async remove(roomId, inviteId) {
      const r = await db.deleteFrom('room_invites').where('id', '=', inviteId).where('room_id', '=', roomId).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
  };
}
