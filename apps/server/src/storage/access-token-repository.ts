import type { AccessTokenScope } from '@parley/protocol';
import type { Kysely, Selectable } from 'kysely';
import type { AccessTokenRecord, AccessTokenRepository } from './access-token-types.js';
import { toMillis } from './dialect.js';
import type { AccessTokensTable, Database } from './schema.js';
import { toUser } from './user-repository.js';

function toAccessToken(row: Selectable<AccessTokensTable>): AccessTokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    name: row.name,
    tokenHash: row.token_hash,
    scopes: row.scopes.split(',') as AccessTokenScope[],
    createdAt: toMillis(row.created_at)!, // NOT NULL
    lastUsedAt: toMillis(row.last_used_at),
    expiresAt: toMillis(row.expires_at),
  };
}

/** Runs `fn` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function createAccessTokenRepository(db: Kysely<Database>): AccessTokenRepository {
  // Neither revoked nor expired at `now`.
  const live = (now: number) =>
    db
      .selectFrom('access_tokens')
      .where('access_tokens.revoked_at', 'is', null)
      .where((eb) => eb.or([eb('access_tokens.expires_at', 'is', null), eb('access_tokens.expires_at', '>', now)]));

  return {
    async createWithin(t, max, now) {
      return inTransaction(db, async (trx) => {
        // A no-op write locks the user's row (PostgreSQL; SQLite has one writer anyway), so two
        // concurrent creations count one after the other and cannot both slip under the limit.
        await trx.updateTable('users').set((eb) => ({ id: eb.ref('id') })).where('id', '=', t.userId).execute();
        const { count } = await trx
          .selectFrom('access_tokens')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('user_id', '=', t.userId)
          .where('revoked_at', 'is', null)
          .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
          .executeTakeFirstOrThrow();
        if (Number(count) >= max) return false;
        await trx
          .insertInto('access_tokens')
          .values({
            id: t.id,
            user_id: t.userId,
            name: t.name,
            token_hash: t.tokenHash,
            scopes: t.scopes.join(','),
            created_at: t.createdAt,
            last_used_at: t.lastUsedAt,
            expires_at: t.expiresAt,
            revoked_at: null,
          })
          .execute();
        return true;
      });
    },
    async listLive(userId, now) {
      const rows = await live(now).selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(toAccessToken);
    },
    async revoke(userId, id, now) {
      const result = await db
        .updateTable('access_tokens')
        .set({ revoked_at: now })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async findLive(tokenHash, now) {
      const row = await live(now)
        .innerJoin('users', 'users.id', 'access_tokens.user_id')
        .selectAll('users')
        .select([
          'access_tokens.id as token_id',
          'access_tokens.name as token_name',
          'access_tokens.scopes as token_scopes',
          'access_tokens.created_at as token_created_at',
          'access_tokens.last_used_at as token_last_used_at',
          'access_tokens.expires_at as token_expires_at',
        ])
        .where('access_tokens.token_hash', '=', tokenHash)
        // A disabled account's tokens are revoked too; this also holds if a revocation was missed.
        .where('users.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const token = toAccessToken({
        id: row.token_id,
        user_id: row.id,
        name: row.token_name,
        token_hash: tokenHash,
        scopes: row.token_scopes,
        created_at: row.token_created_at,
        last_used_at: row.token_last_used_at,
        expires_at: row.token_expires_at,
        revoked_at: null,
      });
      return { token, user: toUser(row) };
    },
    async touch(id, now, unlessAfter) {
      await db
        .updateTable('access_tokens')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', unlessAfter)]))
        .execute();
    },
    async isLive(id, now) {
      const row = await live(now).select('access_tokens.id').where('access_tokens.id', '=', id).executeTakeFirst();
      return row !== undefined;
    },
  };
}
