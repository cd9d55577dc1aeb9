import type { UserRef } from '@parley/protocol';

/** An incoming webhook as stored: the secret itself is never kept, only its SHA-256 (hex). */
export interface WebhookRecord {
  id: string;
  roomId: string;
  name: string;
  secretHash: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
}

/** A live webhook as listed to the room's moderators, with who made it. */
export interface WebhookListing {
  id: string;
  name: string;
  createdBy: UserRef;
  createdAt: number;
  lastUsedAt: number | null;
}

export interface WebhookRepository {
  /**
   * Inserts the webhook unless its room already has `max` live ones (counted under the room's row
   * lock, so two concurrent creations cannot both pass); false when the limit was reached.
   */
  createWithin(webhook: WebhookRecord, max: number): Promise<boolean>;
  /** The room's webhooks that are not revoked, newest first. */
  listLive(roomId: string): Promise<WebhookListing[]>;
  /** Revokes one of the room's live webhooks; false when it is unknown, another room's, or already revoked. */
  revoke(roomId: string, id: string, at: number): Promise<boolean>;
  /** A webhook by id while it is not revoked and its room is not deleted. */
  findLive(id: string): Promise<WebhookRecord | undefined>;
  /** Sets lastUsedAt to `now` unless it was set after `unlessAfter` (a busy webhook writes at most once a minute). */
  touch(id: string, now: number, unlessAfter: number): Promise<void>;
}
