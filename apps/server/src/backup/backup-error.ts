/** A backup or restore problem the operator can act on; the command prints its message as one line. */
export class BackupError extends Error {
  override name = 'BackupError';
}

/** Which engine a database URL names, as written in a backup's manifest. */
export function dialectOfUrl(url: string): 'sqlite' | 'postgres' | 'mysql' {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new BackupError(`cannot tell the database engine from the URL ${url.split(':')[0]}:…`);
}
