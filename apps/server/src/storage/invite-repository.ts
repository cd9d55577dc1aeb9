import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { InviteRepository } from './types.js';

export function createInviteRepository(db: Kysely<Database>): InviteRepository {
  return {
    async create(invite) {
      await db
        .insertInto('room_invites')
        .values({
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
  };
}
