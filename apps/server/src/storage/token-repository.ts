import type { Kysely } from 'kysely';
import { toMillis } from './dialect.js';
import type { Database } from './schema.js';
import type { RefreshTokenRepository } from './types.js';

export function createRefreshTokenRepository(db: Kysely<Database>): RefreshTokenRepository {
  return {
    async insert(t) {
      await db
        .insertInto('refresh_tokens')
        .values({
          id: t.id,
          user_id: t.userId,
          family_id: t.familyId,
          token_hash: t.tokenHash,
          created_at: t.createdAt,
          expires_at: t.expiresAt,
          revoked_at: t.revokedAt,
          replaced_by: t.replacedBy,
        })
        .execute();
    },
    async findByHash(tokenHash) {
      const row = await db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        userId: row.user_id,
        familyId: row.family_id,
        expiresAt: toMillis(row.expires_at)!, // NOT NULL column
        revokedAt: toMillis(row.revoked_at),
        replacedBy: row.replaced_by,
      };
    },
    async rotate(id, replacedBy, at) {
      const result = await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at, replaced_by: replacedBy })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async revokeFamily(familyId, at) {
      await db
        .updateTable('refresh_tokens')
        .set({ revoked_at: at })
        .where('family_id', '=', familyId)
        .where('revoked_at', 'is', null)
        .execute();
    },
    async revokeAllForUser(userId, exceptFamilyId, at) {
      let q = db.updateTable('refresh_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null);
      if (exceptFamilyId) q = q.where('family_id', '!=', exceptFamilyId);
      await q.execute();
    },
  };
}
