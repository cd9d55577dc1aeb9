import { z } from 'zod';
import { nameText } from '../text.js';

/** Who may create an account: anyone, only holders of a room invite code, or nobody (admins use the CLI). */
export const RegistrationMode = z.enum(['open', 'invite-only', 'closed']);
export type RegistrationMode = z.infer<typeof RegistrationMode>;

/** Languages the web client ships; the instance default applies until a user picks one. */
export const InstanceLanguage = z.enum(['en', 'zh-CN']);
export type InstanceLanguage = z.infer<typeof InstanceLanguage>;

/** An upload content type as detected from the bytes: `image/png`, `image/*`, or `*∕*` for any. */
export const ContentTypePattern = z
  .string()
  .max(100)
  .regex(/^[\w.+-]+\/(\*|[\w.+-]+)$|^\*\/\*$/, { message: 'must be content types like image/* or application/pdf' });

/**
 * Instance settings, stored in the database and applied live on every instance. `maxUploadBytes`
 * can only lower the configured ceiling (`uploads.maxFileBytes`), never raise it.
 */
export const InstanceSettings = z.object({
  instanceName: nameText(1, 64),
  registration: RegistrationMode,
  maxUploadBytes: z.number().int().min(1024).max(10 * 1024 ** 3),
  allowedFileTypes: z.array(ContentTypePattern).min(1).max(50),
  defaultLanguage: InstanceLanguage,
});
export type InstanceSettings = z.infer<typeof InstanceSettings>;

/** `PATCH /api/admin/settings`: any non-empty subset. */
export const UpdateInstanceSettingsBody = InstanceSettings.partial()
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one setting' });
export type UpdateInstanceSettingsBody = z.infer<typeof UpdateInstanceSettingsBody>;

/**
 * `GET /api/instance` (no sign-in needed) and the `instance.updated` frame: what the login page
 * and every client need to know. `maxUploadBytes` is the effective limit (setting and ceiling).
 */
export const PublicInstance = z.object({
  name: z.string(),
  registration: RegistrationMode,
  defaultLanguage: InstanceLanguage,
  maxUploadBytes: z.number().int(),
  allowedFileTypes: z.array(z.string()),
});
export type PublicInstance = z.infer<typeof PublicInstance>;
