import type { InstanceSettings } from '@parley/protocol';

// Instance settings, dashboard statistics and registration checks; part of the Store in types.ts.

/** What is saved: the settings an admin set; `invalid` names stored keys that no longer parse (skipped). */
export interface SavedSettings {
  values: Partial<InstanceSettings>;
  invalid: string[];
}

/** Saved instance settings, one row per key. Keys without a row keep their default (from the config). */
export interface SettingsRepository {
  load(): Promise<SavedSettings>;
  /** Inserts or replaces these keys in one statement. */
  save(values: Partial<InstanceSettings>, at: number, by: string | null): Promise<void>;
}

/** How many of each thing the instance holds (live rooms only; user-written messages only). */
export interface InstanceTotals {
  users: number;
  rooms: number;
  messages: number;
}

/** One dashboard sample, see stats_samples (0014). */
export interface StatsSample {
  at: number;
  instanceId: string;
  sockets: number;
  onlineUsers: number;
}

/** Numbers for the admin dashboard. A series maps a bucket number (`floor(at / bucketMs)`) to its value. */
export interface StatsRepository {
  totals(): Promise<InstanceTotals>;
  /** Messages of kind text, image and file (not system or update) created in [from, to), counted per bucket. */
  messagesPerBucket(from: number, to: number, bucketMs: number): Promise<Map<number, number>>;
  insertSample(sample: StatsSample): Promise<void>;
  /** Deletes samples taken before `before`; returns how many. */
  deleteSamplesBefore(before: number): Promise<number>;
  /** Per bucket of samples taken in [from, to), the largest `onlineUsers` any instance reported. */
  onlineUsersPerBucket(from: number, to: number, bucketMs: number): Promise<Map<number, number>>;
  /** What the database takes on disk: SQLite file plus WAL, PostgreSQL database size, MySQL tables and indexes. */
  databaseBytes(): Promise<number>;
}

/** The reads registration needs before an account exists. */
export interface RegistrationRepository {
  hasAnyUser(): Promise<boolean>;
  /** The room a live invite (not expired, not revoked, room not deleted) with this code hash opens, if any. */
  findInviteRoom(codeHash: string, now: number): Promise<string | undefined>;
}
