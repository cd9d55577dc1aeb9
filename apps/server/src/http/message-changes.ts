import type { FastifyPluginAsync, onRequestAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Message, MessageEdit, MessageEdits, MessageParams, Pins, RoomParams } from '@parley/protocol';
import type { MessageChangeService } from '../domain/message-changes.js';
import type { PinService } from '../domain/message-pins.js';
import { authOf } from './authenticate.js';

const MESSAGE = '/rooms/:id/messages/:messageId';
const PIN = '/rooms/:id/pins/:messageId';

/**
 * `PATCH`/`DELETE /api/rooms/:id/messages/:messageId` (edit, delete), `GET …/edits` (moderation
 * history), and `GET /api/rooms/:id/pins`, `PUT`/`DELETE /api/rooms/:id/pins/:messageId`.
 */
export function messageChangeRoutes(changes: MessageChangeService, pins: PinService, authenticate: onRequestAsyncHookHandler): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.addHook('onRequest', authenticate);
    app.patch(MESSAGE, { schema: { params: MessageParams, body: MessageEdit, response: { 200: Message } } }, async (req) =>
      changes.edit(authOf(req).user.id, req.params.id, req.params.messageId, req.body.body),
    );
    app.delete(MESSAGE, { schema: { params: MessageParams, response: { 204: z.undefined() } } }, async (req, reply) => {
      await changes.remove(authOf(req).user.id, req.params.id, req.params.messageId);
      return reply.code(204).send();
    });
    app.get(`${MESSAGE}/edits`, { schema: { params: MessageParams, response: { 200: MessageEdits } } }, async (req) => ({
      edits: await changes.edits(authOf(req).user.id, req.params.id, req.params.messageId),
    }));
    app.get('/rooms/:id/pins', { schema: { params: RoomParams, response: { 200: Pins } } }, async (req) => ({
      pins: await pins.list(authOf(req).user.id, req.params.id),
    }));
    app.put(PIN, { schema: { params: MessageParams, response: { 204: z.undefined() } } }, async (req, reply) => {
      await pins.pin(authOf(req).user.id, req.params.id, req.params.messageId);
      return reply.code(204).send();
    });
    app.delete(PIN, { schema: { params: MessageParams, response: { 204: z.undefined() } } }, async (req, reply) => {
      await pins.unpin(authOf(req).user.id, req.params.id, req.params.messageId);
      return reply.code(204).send();
    });
  };
}
