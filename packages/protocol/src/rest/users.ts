import { z } from 'zod';
import { boundedText, hasInvisibleCharacters, hasLoneSurrogate, nameText } from '../text.js';
import { Id, Timestamp } from './common.js';

/** 2-32 letters of any script, digits, `_`, `.`, `-` (two, because many Chinese names are two characters); compared case-insensitively. */
export const Username = z
  .string()
  .max(128)
  .refine((s) => !hasLoneSurrogate(s), { message: 'must be valid Unicode text (it contains a lone surrogate)' })
  .transform((s) => s.normalize('NFC'))
  .refine((s) => !hasInvisibleCharacters(s), { message: 'must not contain control, zero-width or bidi control characters' })
  .refine((s) => /^[\p{L}\p{M}\p{N}_.-]{2,32}$/u.test(s) && [...s].length <= 32, {
    message: 'must be 2-32 letters, digits, "_", "." or "-"',
  })
  // Look-alikes of another name: full-width "ａｌｉｃｅ" (what an IME in full-width mode types) and
  // Latin mixed with Cyrillic or Greek ("аlice" with a Cyrillic а). Existing names are not touched.
  .refine((s) => s.normalize('NFKC') === s, { message: 'must not use full-width or other compatibility characters' })
  .refine((s) => !(/\p{Script=Latin}/u.test(s) && /[\p{Script=Cyrillic}\p{Script=Greek}]/u.test(s)), {
    message: 'must not mix Latin letters with Cyrillic or Greek ones',
  });

/** A password at the edge: only a size cap. Length in code points and the common-password list are the server's password policy (`weak_password`). */
export const Password = z
  .string()
  .min(1, { message: 'must not be empty' })
  .max(1024, { message: 'must be at most 1024 characters' });

export const DisplayName = nameText(1, 64);
export const Bio = boundedText(0, 280);
/** A short status line shown beside the name in member lists. */
export const StatusText = nameText(0, 100);

/** Square WebP avatar images (64 and 256 px), public and immutable; absent: show initials. */
export const Avatar = z.object({ small: z.string(), large: z.string() });
export type Avatar = z.infer<typeof Avatar>;

/** How a user appears next to a message or in a member list. */
export const UserRef = z.object({ id: Id, username: z.string(), displayName: z.string(), avatar: Avatar.optional() });
export type UserRef = z.infer<typeof UserRef>;

/** A user's profile. */
export const User = UserRef.extend({ bio: z.string(), statusText: z.string(), createdAt: Timestamp });
export type User = z.infer<typeof User>;

/** `GET /api/me`: the caller's own profile, with flags only the caller sees. */
export const Me = User.extend({
  isAdmin: z.boolean(),
  /** Set after an admin gave a temporary password: the client asks for a new one before anything else. */
  passwordChangeRequired: z.boolean(),
});
export type Me = z.infer<typeof Me>;

/** `PATCH /api/me`: any subset; a password change needs the current password. */
export const UpdateMeBody = z
  .object({
    displayName: DisplayName.optional(),
    bio: Bio.optional(),
    statusText: StatusText.optional(),
    currentPassword: z.string().max(256).optional(),
    newPassword: Password.optional(),
  })
  .strict()
  .refine((b) => b.newPassword === undefined || b.currentPassword !== undefined, {
    message: 'currentPassword is required to change the password',
    path: ['currentPassword'],
  });
export type UpdateMeBody = z.infer<typeof UpdateMeBody>;
