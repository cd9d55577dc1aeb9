import { AdminStats } from '@parley/protocol';
import { apiRequest } from '../../../api/http';

/** The dashboard's numbers and series, computed by the server from its own data. */
export function fetchAdminStats(): Promise<AdminStats> {
  return apiRequest('/api/admin/stats', { schema: AdminStats });
}
