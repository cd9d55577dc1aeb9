import { parseInviteLink } from '../rooms/invite-link';

const CODE = /^[A-Za-z0-9_-]{1,128}$/;

/** The invite code in what someone pasted: a whole invite link, or the bare code. Undefined if neither. */
export function inviteCodeFrom(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const link = parseInviteLink(trimmed);
  if (link) return link.code;
  return CODE.test(trimmed) ? trimmed : undefined;
}
