import { z } from 'zod';

/** Every error code Parley sends, over HTTP (`{error:{code,message}}`) and on the socket (`error` frame). */
export const ErrorCode = z.enum([
  'invalid_request',
  'forbidden',
  'invalid_frame',
  'unauthenticated',
  'invalid_credentials',
  'insufficient_role',
  'not_room_member',
  'cannot_modify_owner',
  'owner_cannot_leave',
  'not_allowed_in_direct',
  'banned_from_room',
  'invite_not_found',
  'ban_not_found',
  'room_not_found',
  'user_not_found',
  'member_not_found',
  'not_found',
  'attachment_not_found',
  'message_not_found',
  'message_not_reactable',
  'message_not_editable',
  'pin_limit',
  'reaction_limit',
  'reply_target_not_found',
  'unsupported_media_type',
  'username_taken',
  'weak_password',
  'account_disabled',
  'registration_closed',
  'invite_required',
  'last_admin',
  'cannot_modify_self',
  'reset_token_invalid',
  'session_not_found',
  'access_token_not_found',
  'access_token_limit',
  'webhook_not_found',
  'webhook_limit',
  'insufficient_scope',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The body of every failed HTTP response. */
export const ErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
