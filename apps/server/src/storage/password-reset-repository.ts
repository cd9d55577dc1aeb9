import type { Kysely } from 'kysely';
import type { PasswordResetRepository } from './admin-types.js';
import type { Database } from './schema.js';

export function createPasswordResetRepository(db: Kysely<Database>): PasswordResetRepository {
  const live = (tokenHash: string, now: number) =>
    db.selectFrom('password_resets').where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now);

  return {
    async create(r) {
      await db
        .insertInto('password_resets')
        .values({ id: r.id, user_id: r.userId, token_hash: r.tokenHash, created_by: r.createdBy, created_at: r.createdAt, expires_at: r.expiresAt, used_at: null })
        .execute();
    },
    async retireForUser(userId, at) {
      await db.updateTable('password_resets').set({ used_at: at }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
    },
    async findLiveUserId(tokenHash, now) {
      const row = await live(tokenHash, now).select('user_id').executeTakeFirst();
      return row?.user_id;
    },
    async spend(tokenHash, now) {
      // Conditional on still being unused: of two redemptions racing, exactly one updates the row.
      const result = await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
