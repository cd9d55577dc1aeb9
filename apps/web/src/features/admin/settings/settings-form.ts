import { ContentTypePattern, InstanceSettings, type InstanceLanguage, type RegistrationMode } from '@parley/protocol';
import { isApiError } from '../../../api/api-error';

export type SettingKey = keyof InstanceSettings;
export const SETTING_KEYS: readonly SettingKey[] = ['instanceName', 'registration', 'maxUploadBytes', 'allowedFileTypes', 'defaultLanguage'];

/** The form's own values: the size as typed in MB, the rest as stored. */
export interface SettingsDraft {
  instanceName: string;
  registration: RegistrationMode;
  maxUploadMb: string;
  allowedFileTypes: string[];
  defaultLanguage: InstanceLanguage;
}

/** Translation keys (or, from the server, its own message) per field. */
export type FieldErrors = Partial<Record<SettingKey, string>>;

const MB = 1024 * 1024;

/** Bytes as MB for the input: up to three decimals, no trailing zeros ("25", "0.5"). */
export function mbText(bytes: number): string {
  return String(Number((bytes / MB).toFixed(3)));
}

/** MB as typed (a dot or a comma as the decimal sign) to whole bytes; undefined if not a positive number. */
export function parseMb(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(trimmed)) return undefined;
  const bytes = Math.round(Number(trimmed) * MB);
  return bytes > 0 ? bytes : undefined;
}

export function toDraft(s: InstanceSettings): SettingsDraft {
  return { instanceName: s.instanceName, registration: s.registration, maxUploadMb: mbText(s.maxUploadBytes), allowedFileTypes: [...s.allowedFileTypes], defaultLanguage: s.defaultLanguage };
}

/** Splits pasted text into patterns: commas, spaces and new lines all separate. Lower-cased, no repeats. */
export function splitTypes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean))];
}

/** The patterns that the protocol would refuse, so the form can name them. */
export function invalidTypes(patterns: readonly string[]): string[] {
  return patterns.filter((p) => !ContentTypePattern.safeParse(p).success);
}

/**
 * The draft checked with the protocol's own schema, field by field: either the settings it means or
 * the errors to show beside each field (translation keys).
 */
export function readDraft(draft: SettingsDraft): { settings: InstanceSettings } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const bytes = parseMb(draft.maxUploadMb);
  const candidate = { ...draft, instanceName: draft.instanceName.trim(), maxUploadBytes: bytes ?? Number.NaN };
  const shape = InstanceSettings.shape;
  if (!shape.instanceName.safeParse(candidate.instanceName).success) errors.instanceName = 'adminSettings.nameInvalid';
  if (bytes === undefined) errors.maxUploadBytes = 'adminSettings.sizeNotNumber';
  else if (!shape.maxUploadBytes.safeParse(bytes).success) errors.maxUploadBytes = 'adminSettings.sizeRange';
  if (draft.allowedFileTypes.length === 0) errors.allowedFileTypes = 'adminSettings.typesEmpty';
  else if (!shape.allowedFileTypes.safeParse(draft.allowedFileTypes).success) errors.allowedFileTypes = 'adminSettings.typesInvalid';
  if (Object.keys(errors).length > 0) return { errors };
  const { maxUploadMb: _typed, ...rest } = candidate;
  return { settings: InstanceSettings.parse(rest) };
}

/** Only the settings that differ from the stored ones: a save never rewrites what nobody touched. */
export function changedSettings(saved: InstanceSettings, next: InstanceSettings): Partial<InstanceSettings> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) if (JSON.stringify(saved[key]) !== JSON.stringify(next[key])) out[key] = next[key];
  return out as Partial<InstanceSettings>;
}

/**
 * The field a refused save was about, found by its name in the server's message ("body.maxUploadBytes:
 * …", or the ceiling's own wording), so the message shows beside that field.
 */
export function serverErrorField(err: unknown): SettingKey | undefined {
  if (!isApiError(err)) return undefined;
  return SETTING_KEYS.find((key) => new RegExp(`\\b${key}\\b`).test(err.message));
}

/** The configured ceiling a refused size names ("…at most 26214400 bytes…"), to say it in MB and in the user's language. */
export function ceilingFromError(err: unknown): number | undefined {
  if (!isApiError(err, 'invalid_request') || serverErrorField(err) !== 'maxUploadBytes') return undefined;
  const bytes = /at most (\d+) bytes/.exec(err.message)?.[1];
  return bytes === undefined ? undefined : Number(bytes);
}
