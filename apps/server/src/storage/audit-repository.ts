import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { AuditAction, AuditDetails } from '@parley/protocol';
import { toMillis } from './dialect.js';
import type { Database } from './schema.js';
import type { AuditFilter, AuditRecordView, AuditRepository } from './audit-types.js';
import { toUserRef } from './user-ref.js';

type UserCols = { id: string | null; username: string | null; display_name: string | null; avatar_small: string | null; avatar_large: string | null };

function toRef(u: UserCols) {
  if (u.id === null || u.username === null || u.display_name === null) return null;
  return toUserRef({ id: u.id, username: u.username, displayName: u.display_name, avatarSmall: u.avatar_small, avatarLarge: u.avatar_large });
}

/** Details are written by the repository itself, so a row that does not parse is corruption worth failing on. */
function parseDetails(text: string): AuditDetails {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('audit_log.details is not a JSON object');
  return value as AuditDetails;
}

function applyFilter<O>(q: SelectQueryBuilder<Database, 'audit_log', O>, filter: AuditFilter) {
  let out = q;
  if (filter.roomId !== undefined) out = out.where('audit_log.room_id', '=', filter.roomId);
  if (filter.action !== undefined) out = out.where('audit_log.action', '=', filter.action);
  const { userId } = filter;
  if (userId !== undefined) {
    out = out.where((eb) => eb.or([eb('audit_log.actor_id', '=', userId), eb('audit_log.target_user_id', '=', userId)]));
  }
  return out;
}

export function createAuditRepository(db: Kysely<Database>): AuditRepository {
  return {
    async insert(entry) {
      await db
        .insertInto('audit_log')
        .values({
          id: entry.id,
          at: entry.at,
          actor_id: entry.actorId,
          action: entry.action,
          room_id: entry.roomId,
          target_user_id: entry.targetUserId,
          ip: entry.ip,
          details: JSON.stringify(entry.details),
        })
        .execute();
    },

    async list(filter, before, limit) {
      let cursor: { at: number; id: string } | undefined;
      if (before !== undefined) {
        const row = await applyFilter(db.selectFrom('audit_log').select(['audit_log.at', 'audit_log.id']), filter)
          .where('audit_log.id', '=', before)
          .executeTakeFirst();
        if (!row) return [];
        cursor = { at: toMillis(row.at)!, id: row.id }; // NOT NULL column
      }
      let q = applyFilter(
        db
          .selectFrom('audit_log')
          .leftJoin('users as a', 'a.id', 'audit_log.actor_id')
          .leftJoin('users as t', 't.id', 'audit_log.target_user_id')
          .selectAll('audit_log')
          .select(['a.id as a_id', 'a.username as a_username', 'a.display_name as a_display_name', 'a.avatar_small as a_avatar_small', 'a.avatar_large as a_avatar_large'])
          .select(['t.id as t_id', 't.username as t_username', 't.display_name as t_display_name', 't.avatar_small as t_avatar_small', 't.avatar_large as t_avatar_large']),
        filter,
      );
      if (cursor) {
        const { at, id } = cursor;
        q = q.where((eb) => eb.or([eb('audit_log.at', '<', at), eb.and([eb('audit_log.at', '=', at), eb('audit_log.id', '<', id)])]));
      }
      const rows = await q.orderBy('audit_log.at', 'desc').orderBy('audit_log.id', 'desc').limit(limit).execute();
      return rows.map((r): AuditRecordView => ({
        id: r.id,
        at: toMillis(r.at)!, // NOT NULL column
        action: r.action as AuditAction,
        roomId: r.room_id,
        ip: r.ip,
        details: parseDetails(r.details),
        actor: toRef({ id: r.a_id, username: r.a_username, display_name: r.a_display_name, avatar_small: r.a_avatar_small, avatar_large: r.a_avatar_large }),
        target: toRef({ id: r.t_id, username: r.t_username, display_name: r.t_display_name, avatar_small: r.t_avatar_small, avatar_large: r.t_avatar_large }),
      }));
    },
  };
}
