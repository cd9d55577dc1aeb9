import { describe, expect, it } from 'vitest';
import { isConnectionFailure, isUniqueViolation, StorageUnavailableError, translateStorageError } from './errors.js';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionFailure', () => {
  it.each([
    ['a refused connect', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['PostgreSQL shutting down (57P01 admin_shutdown)', withCode('57P01')],
    ['PostgreSQL starting up (57P03)', withCode('57P03')],
    ['a connection exception (08006)', withCode('08006')],
    ['too many connections (53300)', withCode('53300')],
    ['SQLite giving up on the write lock', withCode('SQLITE_BUSY')],
    ['pg losing its socket mid-query', new Error('Connection terminated unexpectedly')],
    ['pg timing out on connect', new Error('timeout exceeded when trying to connect')],
    ['a dual-stack refused connect', new AggregateError([withCode('ECONNREFUSED')], '')],
    ['MariaDB dropping the socket mid-query', withCode('PROTOCOL_CONNECTION_LOST')],
    ['MariaDB shutting down (1053)', withCode('ER_SERVER_SHUTDOWN')],
    ['MariaDB out of connections (1040)', withCode('ER_CON_COUNT_ERROR')],
    ['mysql2 given a query on a dead connection', new Error("Can't add new command when connection is in closed state")],
  ])('is true for %s', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a SQLite constraint', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['a MariaDB duplicate key', withCode('ER_DUP_ENTRY')],
    ['a MariaDB syntax error', withCode('ER_PARSE_ERROR')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a non-error', 'ECONNREFUSED'],
  ])('is false for %s', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  it.each([
    ['SQLite', withCode('SQLITE_CONSTRAINT_UNIQUE')],
    ['PostgreSQL', withCode('23505')],
    ['MySQL/MariaDB', withCode('ER_DUP_ENTRY')],
  ])('recognises a duplicate key on %s', (_engine, err) => {
    expect(isUniqueViolation(err)).toBe(true);
  });

  it('is false for a foreign-key failure', () => {
    expect(isUniqueViolation(withCode('ER_NO_REFERENCED_ROW_2'))).toBe(false);
  });
});

describe('translateStorageError', () => {
  it('wraps a connection failure, keeping the driver error as its cause', () => {
    const driver = withCode('ECONNREFUSED');
    const thrown = (() => {
      try {
        translateStorageError(driver);
      } catch (err) {
        return err;
      }
    })();
    expect(thrown).toBeInstanceOf(StorageUnavailableError);
    expect((thrown as Error).cause).toBe(driver);
  });

  it('rethrows anything else unchanged, so a unique violation is still recognised', () => {
    const unique = withCode('23505');
    expect(() => translateStorageError(unique)).toThrow(unique);
    expect(isUniqueViolation(unique)).toBe(true);
  });
});
