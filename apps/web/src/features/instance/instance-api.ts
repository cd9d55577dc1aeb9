import { PublicInstance } from '@parley/protocol';
import { apiRequest } from '../../api/http';

/** What every visitor may know about the instance: its name, registration mode, language and upload limits. */
export function fetchInstance(): Promise<PublicInstance> {
  return apiRequest('/api/instance', { schema: PublicInstance, auth: false });
}
