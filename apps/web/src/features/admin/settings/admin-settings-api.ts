import { InstanceSettings, type UpdateInstanceSettingsBody } from '@parley/protocol';
import { apiRequest } from '../../../api/http';

export function fetchSettings(): Promise<InstanceSettings> {
  return apiRequest('/api/admin/settings', { schema: InstanceSettings });
}

/** Sends only the keys that changed; the answer is the whole stored set. */
export function saveSettings(body: UpdateInstanceSettingsBody): Promise<InstanceSettings> {
  return apiRequest('/api/admin/settings', { method: 'PATCH', body, schema: InstanceSettings });
}
