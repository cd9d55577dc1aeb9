import { z } from 'zod';
import { boundedText, nameText } from '../text.js';
import { Id, Timestamp } from './common.js';
import { UserRef } from './users.js';

/** `POST /api/rooms/:id/webhooks` (room owner or admin). */
export const CreateWebhookBody = z.object({ name: nameText(1, 64) }).strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

/** An incoming webhook as listed to the room's owner and admins; never its secret. */
export const WebhookInfo = z.object({
  id: Id,
  name: z.string(),
  createdAt: Timestamp,
  createdBy: UserRef,
  /** Last accepted post, to the minute; null when never used. */
  lastUsedAt: Timestamp.nullable(),
});
export type WebhookInfo = z.infer<typeof WebhookInfo>;

/**
 * `POST /api/rooms/:id/webhooks` answer (201). `url` is the path `/api/hooks/<id>/<secret>`, shown
 * this once: prefix it with the server's base URL. Only the secret's SHA-256 is stored.
 */
export const CreatedWebhook = z.object({ webhook: WebhookInfo, url: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

/** `GET /api/rooms/:id/webhooks`: the room's live webhooks, newest first. */
export const WebhookList = z.object({ webhooks: z.array(WebhookInfo) });
export type WebhookList = z.infer<typeof WebhookList>;

/** Path parameters of `DELETE /api/rooms/:id/webhooks/:webhookId`. */
export const WebhookParams = z.object({ id: Id, webhookId: Id });

/**
 * Path parameters of `POST /api/hooks/:webhookId/:secret`: plain strings, so a malformed id or
 * secret gets the same 404 as a wrong one instead of a 400 that tells them apart.
 */
export const HookParams = z.object({ webhookId: z.string().max(64), secret: z.string().max(128) });
export type HookParams = z.infer<typeof HookParams>;

/**
 * The body a webhook posts, Slack-compatible: `text` is the message, `username` overrides the
 * webhook's name for this message. Slack's other keys (icon_emoji, channel, attachments, blocks,
 * mrkdwn…) are accepted and ignored, so existing Slack integrations work unchanged.
 */
export const WebhookPostBody = z.object({ text: boundedText(1, 4000), username: nameText(1, 64).optional() });
export type WebhookPostBody = z.infer<typeof WebhookPostBody>;
