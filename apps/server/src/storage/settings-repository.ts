import { InstanceSettings } from '@parley/protocol';
import { sql, type Kysely } from 'kysely';
import type { DialectName } from './dialect.js';
import type { SavedSettings, SettingsRepository } from './instance-types.js';
import type { Database } from './schema.js';

/** The engines this module branches on; 'mysql' is listed so the branch exists whatever DialectName holds. */
type Engine = DialectName | 'mysql';

function isSettingKey(key: string): key is keyof InstanceSettings {
  return Object.hasOwn(InstanceSettings.shape, key);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined; // refused by the schema, reported as invalid
  }
}

export function createSettingsRepository(db: Kysely<Database>, engine: Engine): SettingsRepository {
  return {
    async load() {
      const rows = await db.selectFrom('instance_setting_values').select(['key', 'value']).execute();
      const saved: SavedSettings = { values: {}, invalid: [] };
      for (const row of rows) {
        // Each key on its own: one bad value (a hand edit, a schema that tightened) loses only that key.
        const parsed = isSettingKey(row.key) ? InstanceSettings.shape[row.key].safeParse(parseJson(row.value)) : undefined;
        if (parsed?.success) Object.assign(saved.values, { [row.key]: parsed.data });
        else saved.invalid.push(row.key);
      }
      return saved;
    },

    async save(values, at, by) {
      const rows = Object.entries(values).map(([key, value]) => ({ key, value: JSON.stringify(value), updated_at: at, updated_by: by }));
      if (rows.length === 0) return;
      const insert = db.insertInto('instance_setting_values').values(rows);
      // Two admins saving at once: the later statement wins per key, and neither fails.
      if (engine === 'mysql') {
        await insert
          .onDuplicateKeyUpdate({ value: sql`values(${sql.ref('value')})`, updated_at: sql`values(${sql.ref('updated_at')})`, updated_by: sql`values(${sql.ref('updated_by')})` })
          .execute();
        return;
      }
      await insert
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value'), updated_at: eb.ref('excluded.updated_at'), updated_by: eb.ref('excluded.updated_by') })),
        )
        .execute();
    },
  };
}
