import { describe, expect, it } from 'vitest';
import { libpqEnv } from './postgres-dump.js';

describe('libpqEnv', () => {
  it('hands pg_dump the connection, password included, through the environment, decoded', () => {
    expect(libpqEnv('postgres://parley%40ops:p%40ss%3Aw%2Frd@db.internal:6543/parley_prod?sslmode=verify-full')).toEqual({
      PGHOST: 'db.internal',
      PGPORT: '6543',
      PGUSER: 'parley@ops',
      PGPASSWORD: 'p@ss:w/rd',
      PGDATABASE: 'parley_prod',
      PGSSLMODE: 'verify-full',
    });
  });

  it('takes a Unix socket folder from the host option', () => {
    expect(libpqEnv('postgresql://parley@/parley?host=/var/run/postgresql')).toEqual({ PGUSER: 'parley', PGDATABASE: 'parley', PGHOST: '/var/run/postgresql' });
  });

  it('refuses an option it cannot pass on, rather than dropping it', () => {
    expect(() => libpqEnv('postgres://u@h/db?options=-c%20search_path%3Dx')).toThrow('the database URL\'s option "options" is not one parley backup can pass to pg_dump');
  });
});
