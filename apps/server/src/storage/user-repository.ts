import type { Kysely, Selectable } from 'kysely';
import { toMillis } from './dialect.js';
import { isUniqueViolation } from './errors.js';
import type { Database, UsersTable } from './schema.js';
import type { UserRecord, UserRepository } from './types.js';

/** Case-insensitive uniqueness key: NFC, then lower case, so "Alice" and "alice" collide. Display names are folded the same way for the admin search. */
export function usernameKey(username: string): string {
  return username.normalize('NFC').toLowerCase();
}

/** Maps a users row to a UserRecord (shared with joins that read users, e.g. session checks). */
export function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    passwordHash: row.password_hash,
    createdAt: toMillis(row.created_at)!, // NOT NULL column
    avatarSmall: row.avatar_small,
    avatarLarge: row.avatar_large,
    statusText: row.status_text,
    isAdmin: Number(row.is_admin) === 1,
    disabledAt: toMillis(row.disabled_at),
    passwordChangeRequired: Number(row.password_change_required) === 1,
  };
}

export function createUserRepository(db: Kysely<Database>): UserRepository {
  return {
    async create(user) {
      try {
        await db
          .insertInto('users')
          .values({
            id: user.id,
            username: user.username,
            username_key: usernameKey(user.username),
            display_name: user.displayName,
            display_name_key: usernameKey(user.displayName),
            bio: user.bio,
            status_text: user.statusText,
            password_hash: user.passwordHash,
            created_at: user.createdAt,
            updated_at: user.createdAt,
          })
          .execute();
        return 'created';
      } catch (err) {
        if (isUniqueViolation(err)) return 'taken';
        throw err;
      }
    },
    async claimFirstAdmin(userId) {
      // Conditional on the one settings row: a concurrent claimer waits on its row lock and then
      // finds first_admin_id set, so exactly one registration wins. is_admin follows in the same
      // transaction (the caller's), so a claim never exists without its admin.
      const claimed = await db
        .updateTable('instance_settings')
        .set({ first_admin_id: userId })
        .where('id', '=', 1)
        .where('first_admin_id', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) return false;
      await db.updateTable('users').set({ is_admin: 1 }).where('id', '=', userId).execute();
      return true;
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toUser(row);
    },
    async findByUsername(username) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('username_key', '=', usernameKey(username))
        .executeTakeFirst();
      return row && toUser(row);
    },
    async update(id, patch, at) {
      await db
        .updateTable('users')
        .set({
          ...(patch.displayName !== undefined && { display_name: patch.displayName, display_name_key: usernameKey(patch.displayName) }),
          ...(patch.bio !== undefined && { bio: patch.bio }),
          ...(patch.statusText !== undefined && { status_text: patch.statusText }),
          ...(patch.passwordHash !== undefined && { password_hash: patch.passwordHash }),
          ...(patch.avatarSmall !== undefined && { avatar_small: patch.avatarSmall }),
          ...(patch.avatarLarge !== undefined && { avatar_large: patch.avatarLarge }),
          ...(patch.passwordChangeRequired !== undefined && { password_change_required: patch.passwordChangeRequired ? 1 : 0 }),
          updated_at: at,
        })
        .where('id', '=', id)
        .execute();
    },
    async isAvatarBlob(sha256) {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where((eb) => eb.or([eb('avatar_small', '=', sha256), eb('avatar_large', '=', sha256)]))
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
