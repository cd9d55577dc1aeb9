import { describe, expect, it } from 'vitest';
import { CliError } from '../cli/cli-error.js';
import { checkSchema } from './preflight.js';

const known = ['0001_a', '0002_b', '0003_c'];

describe('the schema check before a copy', () => {
  it('accepts a database at exactly this build\'s schema', () => {
    expect(() => checkSchema('source', [...known], known)).not.toThrow();
  });

  it('tells the user to start the server once on an older source', () => {
    expect(() => checkSchema('source', ['0001_a', '0002_b'], known)).toThrow(
      new CliError('the source is at schema 0002_b but this Parley expects 0003_c: start this version of the server on it once (it migrates at start) and stop it, then run migrate-data again'),
    );
  });

  it('refuses a database written by a newer Parley', () => {
    expect(() => checkSchema('target', [...known, '0004_d'], known)).toThrow(/newer Parley \(migration 0004_d is unknown here\)/);
  });

  it('refuses a database that is not Parley\'s', () => {
    expect(() => checkSchema('source', [], known)).toThrow(/not a Parley database/);
  });
});
