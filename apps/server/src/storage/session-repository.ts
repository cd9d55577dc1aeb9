import type { Kysely, Selectable } from 'kysely';
import { toMillis } from './dialect.js';
import type { Database, SessionsTable } from './schema.js';
import type { SessionRecord, SessionRepository } from './types.js';
import { toUser } from './user-repository.js';

function toSession(row: Selectable<SessionsTable>): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    // NOT NULL columns
    createdAt: toMillis(row.created_at)!,
    lastUsedAt: toMillis(row.last_used_at)!,
    expiresAt: toMillis(row.expires_at)!,
    userAgent: row.user_agent,
    ip: row.ip,
  };
}

/** Runs `fn` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function createSessionRepository(db: Kysely<Database>): SessionRepository {
  return {
    async create(s) {
      await db
        .insertInto('sessions')
        .values({
          id: s.id,
          user_id: s.userId,
          created_at: s.createdAt,
          last_used_at: s.lastUsedAt,
          expires_at: s.expiresAt,
          user_agent: s.userAgent,
          ip: s.ip,
          revoked_at: null,
        })
        .execute();
    },
    async touch(id, at, expiresAt, client) {
      const result = await db
        .updateTable('sessions')
        .set({ last_used_at: at, expires_at: expiresAt, user_agent: client.userAgent, ip: client.ip })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async listLive(userId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .orderBy('last_used_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map(toSession);
    },
    async revoke(userId, ids, exceptId, at) {
      if (ids !== 'all' && ids.length === 0) return [];
      return inTransaction(db, async (trx) => {
        let q = trx.selectFrom('sessions').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null);
        if (ids !== 'all') q = q.where('id', 'in', ids);
        if (exceptId !== null) q = q.where('id', '!=', exceptId);
        const revoked = (await q.execute()).map((r) => r.id);
        if (revoked.length === 0) return [];
        await trx.updateTable('sessions').set({ revoked_at: at }).where('id', 'in', revoked).where('revoked_at', 'is', null).execute();
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: at })
          .where('user_id', '=', userId)
          .where('family_id', 'in', revoked)
          .where('revoked_at', 'is', null)
          .execute();
        return revoked;
      });
    },
    async findLiveUser(userId, sessionId) {
      const row = await db
        .selectFrom('users')
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .selectAll('users')
        .where('users.id', '=', userId)
        .where('sessions.id', '=', sessionId)
        .where('sessions.revoked_at', 'is', null)
        // Disabling revokes the sessions too; this also holds if a revocation was missed.
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async isLive(sessionId) {
      const row = await db.selectFrom('sessions').select('id').where('id', '=', sessionId).where('revoked_at', 'is', null).executeTakeFirst();
      return row !== undefined;
    },
  };
}
