import type { RedeemPasswordResetBody } from '@parley/protocol';
import { apiRequest } from '../../api/http';

/** Spends a reset link's token (no sign-in); `reset_token_invalid` when it is unknown, used or expired. */
export function redeemPasswordReset(body: RedeemPasswordResetBody): Promise<undefined> {
  return apiRequest('/api/auth/password-reset', { method: 'POST', body, schema: undefined, auth: false });
}
