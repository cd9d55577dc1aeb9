import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Anything that can run a compiled query: the database or a transaction. */
type Executor = Pick<Kysely<Database>, 'executeQuery'>;

/**
 * A query built and compiled by Kysely once, then run with new values: the hot path (every send)
 * skips rebuilding the query tree and recompiling its SQL, which the bench's profile showed as a
 * large share of the allocations behind the server's GC pauses. The SQL is still Kysely's, for the
 * dialect in use. `build` receives a placeholder per key; each must reach the query as one
 * parameter (a plain value, not inside an expression Kysely inlines).
 */
export function precompile<K extends string, R>(
  db: Kysely<Database>,
  keys: readonly K[],
  build: (db: Kysely<Database>, p: Record<K, never>) => { compile(): CompiledQuery<R> },
): (executor: Executor, values: Record<K, unknown>) => Promise<R[]> {
  const run = precompileResult(db, keys, build);
  return async (executor, values) => (await run(executor, values)).rows;
}

/** precompile, answering the driver's whole result: MySQL reports an UPDATE's outcome in it (affected rows, insert id). */
export function precompileResult<K extends string, R>(
  db: Kysely<Database>,
  keys: readonly K[],
  build: (db: Kysely<Database>, p: Record<K, never>) => { compile(): CompiledQuery<R> },
): (executor: Executor, values: Record<K, unknown>) => Promise<QueryResult<R>> {
  const marker = (k: string) => `\u0000precompiled:${k}`;
  const placeholders = Object.fromEntries(keys.map((k) => [k, marker(k)])) as Record<K, never>;
  const compiled = build(db, placeholders).compile();
  // Each parameter is either one of our placeholders (filled per call) or a constant of the query.
  const slots = compiled.parameters.map((value) => keys.find((k) => value === marker(k)) ?? { constant: value });
  const missing = keys.filter((k) => !slots.includes(k));
  if (missing.length > 0) throw new Error(`precompile: ${missing.join(', ')} did not become parameters`);
  return async (executor, values) => {
    const parameters = slots.map((s) => (typeof s === 'string' ? values[s] : s.constant));
    return executor.executeQuery<R>({ ...compiled, parameters });
  };
}
