import { z } from 'zod';

/** Bumped when a reader of an older format could misread a newer archive. */
export const BACKUP_FORMAT_VERSION = 1;

/** Archive member names: the manifest first, then the database, then the secret and the uploads. */
export const MANIFEST_NAME = 'manifest.json';
export const JWT_SECRET_NAME = 'jwt-secret';
export const BLOBS_DIR = 'blobs';

export const BackupDialect = z.enum(['sqlite', 'postgres', 'mysql']);
export type BackupDialect = z.infer<typeof BackupDialect>;

/** The database member's name per engine: a SQLite file, a pg_dump custom archive, a mysqldump script. */
export const DATABASE_MEMBER: Record<BackupDialect, string> = {
  sqlite: 'database/parley.db',
  postgres: 'database/parley.pgdump',
  mysql: 'database/parley.sql',
};

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** A member path as written by `parley backup`: relative, forward slashes, no `..`. */
const MemberPath = z.string().regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[\w./-]+$/);

/** `manifest.json`, the first member of every archive: what it holds and how to check it. */
export const Manifest = z
  .object({
    format: z.literal('parley-backup'),
    formatVersion: z.number().int().min(1),
    parleyVersion: z.string(),
    dialect: BackupDialect,
    /** The newest schema migration applied in the snapshot; restore refuses one this build does not know. */
    migration: z.string().nullable(),
    createdAt: z.string(),
    /** Rows per table in the snapshot; null when the engine's dump cannot share a snapshot with a count (MySQL). */
    tables: z.record(z.string(), z.number().int().min(0)).nullable(),
    includesUploads: z.boolean(),
    includesJwtSecret: z.boolean(),
    /** Blobs the snapshot names that were deleted before they could be copied (see docs/operations.md). */
    missingBlobs: z.array(Sha256),
    /** Every other member with its size and SHA-256, checked before restore touches anything. */
    files: z.record(MemberPath, z.object({ size: z.number().int().min(0), sha256: Sha256 })),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

/** Parses a manifest read from an archive; a wrong shape is an error naming the field. */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('manifest.json is not valid JSON');
  }
  const result = Manifest.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!; // a failed parse always has an issue
    throw new Error(`manifest.json: ${issue.path.join('.') || '(root)'} ${issue.message}`);
  }
  if (result.data.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new Error(`the archive has format version ${result.data.formatVersion}; this Parley reads up to ${BACKUP_FORMAT_VERSION}: upgrade Parley first`);
  }
  return result.data;
}
