import type { UserRef } from '@parley/protocol';

/** A new direct-message conversation's room row; members and its first message are added separately. */
export interface NewDirectRoom {
  id: string;
  /** The member ids, sorted and joined by ',' (see directKey in domain/direct-rooms.ts). */
  key: string;
  createdBy: string;
  createdAt: number;
}

/** Direct-message conversations: private rooms of kind 'direct' found by their member set. */
export interface DirectRoomRepository {
  /**
   * Inserts the room row unless a live conversation already has this key; false then. Never fails on
   * the key, so a PostgreSQL transaction that loses the race is not aborted, and a racing insert
   * waits for the winner to commit before answering.
   */
  create(room: NewDirectRoom): Promise<boolean>;
  /** The live conversation with exactly this member set, if one exists. */
  findIdByKey(key: string): Promise<string | undefined>;
  /** The conversation no longer has the members it was found by (someone left): it keeps its history, not its key. */
  retireKey(roomId: string): Promise<void>;
  /** Current members of each room, oldest member first, in one query. */
  listMembers(roomIds: readonly string[]): Promise<Map<string, UserRef[]>>;
}
