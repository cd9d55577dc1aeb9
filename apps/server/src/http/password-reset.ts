import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { RedeemPasswordResetBody } from '@parley/protocol';
import type { PasswordResetService } from '../domain/password-resets.js';

/**
 * `POST /api/auth/password-reset`: no sign-in, the link's token is the credential. Throttled like
 * login (login-throttle.ts), per client address and per token.
 */
export function passwordResetRoutes(resets: PasswordResetService): FastifyPluginAsync {
  return async (base) => {
    const app = base.withTypeProvider<ZodTypeProvider>();
    app.post('/password-reset', { schema: { body: RedeemPasswordResetBody } }, async (req, reply) => {
      await resets.redeem(req.body, req.ip);
      return reply.code(204).send();
    });
  };
}
