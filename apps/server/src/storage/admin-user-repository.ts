import { sql, type Kysely } from 'kysely';
import type { AdminUserRepository, AdminUserRow, RevokedCredential } from './admin-types.js';
import { toMillis } from './dialect.js';
import type { Database } from './schema.js';
import { toUser } from './user-repository.js';

/** A LIKE pattern matching `text` literally anywhere. `!` escapes, because a backslash is itself an escape in MySQL literals. */
export function likeAnywhere(text: string): string {
  return `%${text.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/** Users with their newest session use: one correlated max() over sessions_user_idx per listed user. */
function selectUsers(db: Kysely<Database>) {
  return db
    .selectFrom('users as u')
    .selectAll('u')
    .select((eb) => eb.selectFrom('sessions as s').select((e) => e.fn.max('s.last_used_at').as('m')).whereRef('s.user_id', '=', 'u.id').as('last_active_at'));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectUsers>['executeTakeFirstOrThrow']>>;

function toRow(row: Row): AdminUserRow {
  return { ...toUser(row), lastActiveAt: toMillis(row.last_active_at as number | string | null) };
}

export function createAdminUserRepository(db: Kysely<Database>): AdminUserRepository {
  return {
    async list({ search, filter, after, limit }) {
      let q = selectUsers(db);
      if (filter === 'admins') q = q.where('u.is_admin', '=', 1);
      if (filter === 'disabled') q = q.where('u.disabled_at', 'is not', null);
      if (search) {
        // Both columns hold the application's own folding, so this matches alike on every engine.
        const pattern = likeAnywhere(search);
        q = q.where(sql<boolean>`(u.username_key like ${pattern} escape '!' or u.display_name_key like ${pattern} escape '!')`);
      }
      if (after) {
        // The redundant leading range lets every engine seek users_created_idx instead of scanning from the start.
        q = q
          .where('u.created_at', '>=', after.createdAt)
          .where((eb) => eb.or([eb('u.created_at', '>', after.createdAt), eb.and([eb('u.created_at', '=', after.createdAt), eb('u.id', '>', after.id)])]));
      }
      const rows = await q.orderBy('u.created_at').orderBy('u.id').limit(limit).execute();
      return rows.map(toRow);
    },
    async find(userId) {
      const row = await selectUsers(db).where('u.id', '=', userId).executeTakeFirst();
      return row && toRow(row);
    },
    async lockAdminSet() {
      // A no-op write on the one instance_settings row: PostgreSQL and MySQL hold its row lock to the
      // end of the transaction, SQLite takes its single write lock here instead of at the first change.
      await db.updateTable('instance_settings').set((eb) => ({ first_admin_id: eb.ref('first_admin_id') })).where('id', '=', 1).execute();
    },
    async countEnabledAdmins(exceptUserId) {
      const { n } = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('is_admin', '=', 1)
        .where('disabled_at', 'is', null)
        .where('id', '!=', exceptUserId)
        .executeTakeFirstOrThrow();
      return Number(n);
    },
    async setDisabled(userId, disabled, at) {
      const result = await db.updateTable('users').set({ disabled_at: disabled ? at : null, updated_at: at }).where('id', '=', userId).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async setAdmin(userId, isAdmin) {
      const result = await db.updateTable('users').set({ is_admin: isAdmin ? 1 : 0 }).where('id', '=', userId).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async setPassword(userId, passwordHash, mustChange, at) {
      await db.updateTable('users').set({ password_hash: passwordHash, password_change_required: mustChange ? 1 : 0, updated_at: at }).where('id', '=', userId).execute();
    },
    async revokeAccessTokens(userId, at) {
      const live = await db.selectFrom('access_tokens').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      if (live.length === 0) return [];
      const ids = live.map((r) => r.id);
      await db.updateTable('access_tokens').set({ revoked_at: at }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
      return ids;
    },
    async listRevokedSince(since) {
      const rows = await db
        .selectFrom('sessions')
        .select([sql<string>`'session'`.as('kind'), 'id', 'user_id'])
        .where('revoked_at', '>=', since)
        .unionAll(db.selectFrom('access_tokens').select([sql<string>`'access_token'`.as('kind'), 'id', 'user_id']).where('revoked_at', '>=', since))
        .execute();
      return rows.map((r): RevokedCredential => ({ kind: r.kind === 'session' ? 'session' : 'access_token', id: r.id, userId: r.user_id }));
    },
  };
}
