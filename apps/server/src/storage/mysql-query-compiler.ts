import { MysqlQueryCompiler, OrActionNode, type CreateTableNode, type InsertQueryNode } from 'kysely';

/**
 * Every table Parley creates on MySQL/MariaDB, whatever the database's defaults: InnoDB for row
 * locks and foreign keys, utf8mb4 so 4-byte emoji and all of CJK fit, and the binary collation so
 * equality means what it means on SQLite and PostgreSQL (utf8mb4_unicode_ci holds 🍣 = 🍺 and
 * e = é, which would merge distinct reactions, usernames and search terms).
 */
export const MYSQL_TABLE_OPTIONS = 'engine=InnoDB default charset=utf8mb4 collate=utf8mb4_bin';

/**
 * Kysely's MySQL compiler plus the two things the portable repositories and migrations need:
 * table options (above) and `on conflict … do nothing`, which MySQL spells `insert ignore`.
 * Translating here keeps dialect-specific SQL inside storage/ without a branch per repository.
 */
export class ParleyMysqlQueryCompiler extends MysqlQueryCompiler {
  protected override visitCreateTable(node: CreateTableNode): void {
    super.visitCreateTable(node);
    // Table options go after the column list; CREATE … AS SELECT (unused) would need them earlier.
    if (!node.selectQuery) this.append(` ${MYSQL_TABLE_OPTIONS}`);
  }

  protected override visitInsertQuery(node: InsertQueryNode): void {
    const conflict = node.onConflict;
    if (!conflict) return super.visitInsertQuery(node);
    if (conflict.doNothing !== true) {
      // No silent approximation: an upsert must say what it updates with onDuplicateKeyUpdate.
      throw new Error('mysql: ON CONFLICT DO UPDATE has no MySQL form; branch on the dialect and use onDuplicateKeyUpdate');
    }
    // Under IGNORE a duplicate key inserts nothing and reports 0 rows, as DO NOTHING does. Strict mode
    // errors (too long, NULL) also become warnings, so callers must insert only validated values;
    // the three callers (bans, reactions, direct rooms) insert ids and protocol-bounded strings.
    super.visitInsertQuery({ ...node, onConflict: undefined, orAction: OrActionNode.create('ignore') });
  }
}
