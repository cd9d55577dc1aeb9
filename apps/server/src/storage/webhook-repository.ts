import type { Kysely, Selectable } from 'kysely';
import { toMillis } from './dialect.js';
import type { Database, WebhooksTable } from './schema.js';
import { toUserRef } from './user-ref.js';
import type { WebhookRecord, WebhookRepository } from './webhook-types.js';

function toWebhook(row: Selectable<WebhooksTable>): WebhookRecord {
  return {
    id: row.id,
    roomId: row.room_id,
    name: row.name,
    secretHash: row.secret_hash,
    createdBy: row.created_by,
    createdAt: toMillis(row.created_at) ?? 0,
    lastUsedAt: toMillis(row.last_used_at),
  };
}

/** Runs `fn` in the caller's transaction, or in a new one. */
function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export function createWebhookRepository(db: Kysely<Database>): WebhookRepository {
  return {
    async createWithin(w, max) {
      return inTransaction(db, async (trx) => {
        // A no-op write locks the room's row (PostgreSQL; SQLite has one writer anyway), so two
        // concurrent creations count one after the other and cannot both slip under the limit.
        await trx.updateTable('rooms').set((eb) => ({ id: eb.ref('id') })).where('id', '=', w.roomId).execute();
        const { count } = await trx
          .selectFrom('webhooks')
          .select((eb) => eb.fn.countAll<number | string>().as('count'))
          .where('room_id', '=', w.roomId)
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow();
        if (Number(count) >= max) return false;
        await trx
          .insertInto('webhooks')
          .values({
            id: w.id,
            room_id: w.roomId,
            name: w.name,
            secret_hash: w.secretHash,
            created_by: w.createdBy,
            created_at: w.createdAt,
            last_used_at: w.lastUsedAt,
            revoked_at: null,
          })
          .execute();
        return true;
      });
    },
    async listLive(roomId) {
      const rows = await db
        .selectFrom('webhooks as w')
        .innerJoin('users as u', 'u.id', 'w.created_by')
        .select(['w.id', 'w.name', 'w.created_at', 'w.last_used_at', 'u.id as user_id', 'u.username', 'u.display_name', 'u.avatar_small', 'u.avatar_large'])
        .where('w.room_id', '=', roomId)
        .where('w.revoked_at', 'is', null)
        .orderBy('w.created_at', 'desc')
        .orderBy('w.id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        createdBy: toUserRef({ id: r.user_id, username: r.username, displayName: r.display_name, avatarSmall: r.avatar_small, avatarLarge: r.avatar_large }),
        createdAt: toMillis(r.created_at) ?? 0,
        lastUsedAt: toMillis(r.last_used_at),
      }));
    },
    async revoke(roomId, id, at) {
      const result = await db
        .updateTable('webhooks')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('room_id', '=', roomId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async findLive(id) {
      const row = await db
        .selectFrom('webhooks')
        .innerJoin('rooms', 'rooms.id', 'webhooks.room_id')
        .selectAll('webhooks')
        .where('webhooks.id', '=', id)
        .where('webhooks.revoked_at', 'is', null)
        .where('rooms.deleted_at', 'is', null)
        .executeTakeFirst();
      return row ? toWebhook(row) : undefined;
    },
    async touch(id, now, unlessAfter) {
      await db
        .updateTable('webhooks')
        .set({ last_used_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', unlessAfter)]))
        .execute();
    },
  };
}
