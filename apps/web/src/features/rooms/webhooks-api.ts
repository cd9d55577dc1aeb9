import { CreatedWebhook, WebhookList, type WebhookInfo } from '@parley/protocol';
import { apiRequest } from '../../api/http';

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/webhooks`;

/** The room's live incoming webhooks (never their secrets), newest first. */
export async function listWebhooks(roomId: string): Promise<WebhookInfo[]> {
  return (await apiRequest(base(roomId), { schema: WebhookList })).webhooks;
}

/** Creates a webhook; the answer's `url` (a path) holds the secret and is the only time it is seen. */
export function createWebhook(roomId: string, name: string): Promise<CreatedWebhook> {
  return apiRequest(base(roomId), { method: 'POST', body: { name }, schema: CreatedWebhook });
}

export function revokeWebhook(roomId: string, webhookId: string): Promise<undefined> {
  return apiRequest(`${base(roomId)}/${encodeURIComponent(webhookId)}`, { method: 'DELETE', schema: undefined });
}

/** The full URL to give a service: the server answers with a path, relative to wherever the client is served from. */
export function webhookUrl(origin: string, path: string): string {
  return new URL(path, origin).toString();
}

/** A ready-to-paste command that posts one message, quoted for a POSIX shell. */
export function curlExample(url: string): string {
  return `curl -X POST -H 'Content-Type: application/json' -d '{"text":"Hello from a webhook"}' '${url.replaceAll("'", "'\\''")}'`;
}
