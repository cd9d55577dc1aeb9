import type { FastifyPluginAsync, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CreatedWebhook, CreateWebhookBody, HookParams, RoomParams, WebhookList, WebhookParams, WebhookPostBody } from '@parley/protocol';
import { DomainError } from '../domain/errors.js';
import type { WebhookService } from '../domain/webhooks.js';
import type { WebhookRecord } from '../storage/webhook-types.js';
import { toUserRef } from '../storage/user-ref.js';
import { authOf } from './authenticate.js';

/** `/api/rooms/:id/webhooks`: a room's incoming webhooks, for its owner and admins. */
export function webhookRoutes(webhooks: WebhookService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.get('/:id/webhooks', { schema: { params: RoomParams, response: { 200: WebhookList } } }, async (req) => ({
      webhooks: await webhooks.list(authOf(req).user.id, req.params.id),
    }));
    app.post('/:id/webhooks', { schema: { params: RoomParams, body: CreateWebhookBody, response: { 201: CreatedWebhook } } }, async (req, reply) => {
      const created = await webhooks.create(toUserRef(authOf(req).user), req.params.id, req.body.name);
      // The secret is in this body and nowhere else: keep it out of every cache.
      return reply.code(201).header('cache-control', 'no-store').send(created);
    });
    app.delete('/:id/webhooks/:webhookId', { schema: { params: WebhookParams } }, async (req, reply) => {
      await webhooks.revoke(toUserRef(authOf(req).user), req.params.id, req.params.webhookId);
      return reply.code(204).send();
    });
  };
}

/** Milliseconds until the webhook may post again, or undefined when it may now. */
export type WebhookThrottle = (webhookId: string) => Promise<number | undefined>;

/** Slack posts the JSON as a form field: `payload=<json>`. */
function parseFormPayload(body: string): unknown {
  const payload = new URLSearchParams(body).get('payload');
  if (payload === null) throw new DomainError('invalid_request', 'body: form-encoded posts carry the JSON message in a payload field');
  try {
    return JSON.parse(payload);
  } catch {
    throw new DomainError('invalid_request', 'body.payload: is not valid JSON');
  }
}

/** Room to spare for Slack's extra keys (blocks, attachments), which are read and ignored. */
const HOOK_BODY_LIMIT = 128 * 1024;

/**
 * `POST /api/hooks/:webhookId/:secret`: no sign-in, the secret in the URL is the credential (a
 * server-to-server call, so no cookie and no origin to check). The webhook is verified before the
 * body is parsed, so a caller without the secret learns nothing but 404.
 */
export function hookRoutes(webhooks: WebhookService, throttle: WebhookThrottle | undefined): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    const verified = new WeakMap<FastifyRequest, WebhookRecord>();
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseFormPayload(String(body)));
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)), undefined);
      }
    });
    app.post(
      '/:webhookId/:secret',
      {
        bodyLimit: HOOK_BODY_LIMIT,
        schema: { params: HookParams, body: WebhookPostBody },
        // Before the body is even parsed: without the secret, a broken body is just as much a 404.
        preParsing: async (req, reply, payload) => {
          const { webhookId, secret } = req.params as HookParams;
          const webhook = await webhooks.verify(webhookId, secret);
          const waitMs = throttle && (await throttle(webhook.id));
          if (waitMs !== undefined) {
            reply.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
            throw new DomainError('rate_limited', 'This webhook is posting too fast; slow down');
          }
          verified.set(req, webhook);
          return payload;
        },
      },
      async (req, reply) => {
        const webhook = verified.get(req);
        // preParsing always sets it or throws; this guards a future refactor that drops the hook.
        if (!webhook) throw new DomainError('webhook_not_found', 'No such webhook');
        await webhooks.post(webhook, req.body);
        return reply.type('text/plain; charset=utf-8').send('ok');
      },
    );
  };
}
