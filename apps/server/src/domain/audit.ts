import { randomUUID } from 'node:crypto';
import type { AdminAuditQuery, AuditAction, AuditDetails, AuditEntry, AuditPage, RoomAuditQuery, RoomRole } from '@parley/protocol';
import type { AuditRecordView } from '../storage/audit-types.js';
import type { Store, UserRecord } from '../storage/types.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';
import { getMemberRoom, requireRole } from './room-access.js';

/** One security event as a use case reports it, after its change committed. */
export interface AuditEvent {
  action: AuditAction;
  /** Who did it; null for an unauthenticated attempt (a failed login). */
  actorId: string | null;
  roomId?: string | null;
  targetUserId?: string | null;
  ip?: string | null;
  details?: AuditDetails;
}

/** Writes audit entries. Services get it through their deps (wired in app.ts). */
export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

/** Keys that could carry a credential never reach the log, whoever passes them. */
const SECRET_KEY = /pass|token|secret|code|hash|cookie|authorization/i;
const MAX_DETAIL_KEYS = 16;
const MAX_DETAIL_CHARS = 200;

/** Small and secret-free: primitives only, long strings cut, credential-looking keys dropped. */
export function sanitizeDetails(details: AuditDetails): AuditDetails {
  const out: AuditDetails = {};
  for (const [key, value] of Object.entries(details).slice(0, MAX_DETAIL_KEYS)) {
    if (SECRET_KEY.test(key)) continue;
    out[key] = typeof value === 'string' ? [...value].slice(0, MAX_DETAIL_CHARS).join('') : value;
  }
  return out;
}

export interface AuditLogDeps {
  store: Store;
  clock: Clock;
  /** A failed write is reported here and not thrown: the change it describes has already committed. */
  onError: (err: unknown, action: AuditAction) => void;
}

export function createAuditLog({ store, clock, onError }: AuditLogDeps): AuditLog {
  return {
    async record(event) {
      try {
        await store.audit.insert({
          id: randomUUID(),
          at: clock(),
          action: event.action,
          actorId: event.actorId,
          roomId: event.roomId ?? null,
          targetUserId: event.targetUserId ?? null,
          ip: event.ip ?? null,
          details: sanitizeDetails(event.details ?? {}),
        });
      } catch (err) {
        onError(err, event.action);
      }
    },
  };
}

/** Only the owner reads a room's audit log: it names who moderated whom, admins included. */
export function canReadRoomAudit(role: RoomRole): boolean {
  return role === 'owner';
}

/** The instance-admin predicate (issue #10 builds the admin console on it). */
export function isInstanceAdmin(user: Pick<UserRecord, 'isAdmin'>): boolean {
  return user.isAdmin;
}

function toEntry(r: AuditRecordView, withIp: boolean): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    actor: r.actor,
    roomId: r.roomId,
    target: r.target,
    ip: withIp ? r.ip : null,
    details: r.details,
  };
}

/** One more row than asked tells whether another page exists. */
async function page(store: Store, filter: Parameters<Store['audit']['list']>[0], before: string | undefined, limit: number, withIp: boolean): Promise<AuditPage> {
  const rows = await store.audit.list(filter, before, limit + 1);
  return { entries: rows.slice(0, limit).map((r) => toEntry(r, withIp)), hasMore: rows.length > limit };
}

export function createAuditService({ store }: { store: Store }) {
  return {
    /**
     * A room's log, for its owner only. A non-member of a private room gets room_not_found (as
     * everywhere); other members get insufficient_role. IPs are for instance admins only.
     */
    async listRoom(userId: string, roomId: string, query: RoomAuditQuery): Promise<AuditPage> {
      const { role } = await getMemberRoom(store, roomId, userId);
      requireRole(canReadRoomAudit(role), 'read its audit log');
      return page(store, { roomId }, query.before, query.limit, false);
    },

    /** The instance-wide log. Anyone but an instance admin gets not_found: the admin surface is not advertised. */
    async listInstance(userId: string, query: AdminAuditQuery): Promise<AuditPage> {
      const user = await store.users.findById(userId);
      if (!user || !isInstanceAdmin(user)) throw new DomainError('not_found', 'Not found');
      const filter = { roomId: query.roomId, action: query.action, userId: query.userId };
      return page(store, filter, query.before, query.limit, true);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
