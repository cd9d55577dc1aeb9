import { useEffect, useState } from 'react';
import { reportError } from '../../lib/report';
import { fetchMe } from './audit-api';

/**
 * Whether the signed-in user is an instance admin. The flag is only on GET /api/me (never in the
 * session's user), so it is asked once per signed-in user; any failure means "not an admin".
 */
export function useIsAdmin(userId: string): boolean {
  const [admin, setAdmin] = useState(false);
  useEffect(() => {
    let live = true;
    setAdmin(false);
    fetchMe().then(
      (me) => {
        if (live) setAdmin(me.id === userId && me.isAdmin);
      },
      // Not knowing only hides a menu item; the server checks every request anyway.
      (err: unknown) => {
        reportError('could not read the admin flag', err);
        if (live) setAdmin(false);
      },
    );
    return () => {
      live = false;
    };
  }, [userId]);
  return admin;
}
