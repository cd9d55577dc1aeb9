import type { AuditAction, AuditDetails, UserRef } from '@parley/protocol';

// The audit log's rows and repository (docs/security.md, section 7); part of the Store in types.ts.

/** One audit log row as the domain writes it; `details` is a small JSON-able object. */
export interface AuditRecord {
  id: string;
  at: number;
  action: AuditAction;
  actorId: string | null;
  roomId: string | null;
  targetUserId: string | null;
  ip: string | null;
  details: AuditDetails;
}

/** An audit row with its users resolved to refs (null when absent or since deleted). */
export interface AuditRecordView extends Omit<AuditRecord, 'actorId' | 'targetUserId'> {
  actor: UserRef | null;
  target: UserRef | null;
}

/** Which rows to list; `userId` matches the actor or the target. */
export interface AuditFilter {
  roomId?: string;
  action?: AuditAction;
  userId?: string;
}

export interface AuditRepository {
  insert(entry: AuditRecord): Promise<void>;
  /**
   * Newest first by (at, id). `before` is an entry id that must itself match the filter, else the
   * page is empty (a cursor from elsewhere reveals nothing).
   */
  list(filter: AuditFilter, before: string | undefined, limit: number): Promise<AuditRecordView[]>;
}
