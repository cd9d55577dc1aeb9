import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CreatedWebhook, Message, UserRef, WebhookInfo, WebhookPostBody } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import { sha256Hex } from '../lib/sha256.js';
import type { Store } from '../storage/types.js';
import type { WebhookListing, WebhookRecord } from '../storage/webhook-types.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { assertNotDirect } from './direct-rules.js';
import { DomainError, roomNotFound } from './errors.js';
import { resolveMentions } from './mentions.js';
import { canModerate } from './permissions.js';
import { getMemberRoom, requireRole } from './room-access.js';

/** Live webhooks one room may have. */
export const MAX_WEBHOOKS_PER_ROOM = 20;
/** lastUsedAt is written at most this often per webhook: a chatty CI job must not turn every post into two writes. */
const TOUCH_EVERY_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Compared against when the id is unknown, so a miss costs the same hash and compare as a wrong secret. */
const NO_SECRET_HASH = sha256Hex('no webhook has this secret');

/** The path a webhook posts to; the only place its secret ever appears. */
export function webhookPath(id: string, secret: string): string {
  return `/api/hooks/${id}/${secret}`;
}

function toInfo(w: WebhookListing): WebhookInfo {
  return {
    id: w.id,
    name: w.name,
    createdAt: new Date(w.createdAt).toISOString(),
    createdBy: w.createdBy,
    lastUsedAt: w.lastUsedAt === null ? null : new Date(w.lastUsedAt).toISOString(),
  };
}

/** Every refusal of a post looks the same: nothing tells an unknown id from a wrong secret or a revoked webhook. */
const notFound = () => new DomainError('webhook_not_found', 'No such webhook');

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface WebhookDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
}

/** Incoming webhooks: made and revoked by a room's owner or admins, posting as a bot with no user behind it. */
export function createWebhookService({ store, bus, clock, audit }: WebhookDeps) {
  async function moderate(actorId: string, roomId: string, action: string): Promise<void> {
    const { room, role } = await getMemberRoom(store, roomId, actorId);
    assertNotDirect(room);
    requireRole(canModerate(role), action);
  }

  return {
    /** The secret is in the returned URL and nowhere else: only its SHA-256 is stored. */
    async create(actor: UserRef, roomId: string, name: string): Promise<CreatedWebhook> {
      await moderate(actor.id, roomId, 'add webhooks');
      const secret = randomBytes(32).toString('base64url');
      const record: WebhookRecord = { id: randomUUID(), roomId, name, secretHash: sha256Hex(secret), createdBy: actor.id, createdAt: clock(), lastUsedAt: null };
      if (!(await store.webhooks.createWithin(record, MAX_WEBHOOKS_PER_ROOM))) {
        throw new DomainError('webhook_limit', `A room has at most ${MAX_WEBHOOKS_PER_ROOM} webhooks; revoke one first`);
      }
      await audit.record({ action: 'webhook.created', actorId: actor.id, roomId, details: { id: record.id, name } });
      const webhook = toInfo({ ...record, createdBy: actor });
      return { webhook, url: webhookPath(record.id, secret) };
    },

    async list(actorId: string, roomId: string): Promise<WebhookInfo[]> {
      await moderate(actorId, roomId, 'see webhooks');
      return (await store.webhooks.listLive(roomId)).map(toInfo);
    },

    /** Revokes at once: the next post with its URL gets 404. */
    async revoke(actor: UserRef, roomId: string, webhookId: string): Promise<void> {
      await moderate(actor.id, roomId, 'revoke webhooks');
      if (!(await store.webhooks.revoke(roomId, webhookId, clock()))) throw notFound();
      await audit.record({ action: 'webhook.revoked', actorId: actor.id, roomId, details: { id: webhookId } });
    },

    /** The live webhook these URL parts name, or webhook_not_found; the hashes are compared in constant time. */
    async verify(webhookId: string, secret: string): Promise<WebhookRecord> {
      // A malformed id is never queried (PostgreSQL refuses NUL) but still pays for the compare.
      const found = UUID.test(webhookId) ? await store.webhooks.findLive(webhookId) : undefined;
      const matches = sameHash(sha256Hex(secret), found?.secretHash ?? NO_SECRET_HASH);
      if (!found || !matches) throw notFound();
      return found;
    },

    /** Posts a text message as the webhook's bot (its @mentions count), stored with the next seq and fanned out like any message. */
    async post(webhook: WebhookRecord, body: WebhookPostBody): Promise<Message> {
      const now = clock();
      // A webhook mentions people by @username as a plain member would: never @here or @all, so a
      // leaked URL cannot ping a whole room (and presence, which only @here asks, is never needed).
      const mentions = await resolveMentions(
        { store, isOnline: () => false },
        { roomId: webhook.roomId, senderId: '', senderRole: 'member', body: body.text },
      );
      const result = await store.messages.append({
        id: randomUUID(),
        roomId: webhook.roomId,
        kind: 'text',
        body: body.text,
        event: null,
        sender: null,
        clientMsgId: null,
        createdAt: now,
        attachments: [],
        meta: { ...mentions.meta, bot: { webhookId: webhook.id, name: body.username ?? webhook.name } },
        mentionTargets: mentions.targets,
      });
      // The room was deleted between verify and append: as gone as a revoked webhook.
      if (result.status === 'room_gone') throw notFound();
      if (result.status !== 'created') throw roomNotFound();
      bus.publish(webhook.roomId, { kind: 'message', message: result.message });
      if (webhook.lastUsedAt === null || webhook.lastUsedAt <= now - TOUCH_EVERY_MS) {
        await store.webhooks.touch(webhook.id, now, now - TOUCH_EVERY_MS);
      }
      return result.message;
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
