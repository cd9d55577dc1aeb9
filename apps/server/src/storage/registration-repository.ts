import type { Kysely } from 'kysely';
import type { RegistrationRepository } from './instance-types.js';
import type { Database } from './schema.js';

export function createRegistrationRepository(db: Kysely<Database>): RegistrationRepository {
  return {
    async hasAnyUser() {
      return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
    },

    async findInviteRoom(codeHash, now) {
      // A revoked invite's row is deleted, so "live" is: present, unexpired, its room not deleted.
      const row = await db
        .selectFrom('room_invites as i')
        .innerJoin('rooms as r', 'r.id', 'i.room_id')
        .select('i.room_id')
        .where('i.code_hash', '=', codeHash)
        .where('i.expires_at', '>', now)
        .where('r.deleted_at', 'is', null)
        .executeTakeFirst();
      return row?.room_id;
    },
  };
}
