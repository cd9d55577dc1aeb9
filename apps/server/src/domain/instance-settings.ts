import { randomUUID } from 'node:crypto';
import type { AuditDetails, InstanceSettings, PublicInstance, UpdateInstanceSettingsBody } from '@parley/protocol';
import type { Bus } from '../bus/types.js';
import type { Store, UserRecord } from '../storage/types.js';
import { isInstanceAdmin, type AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

/** How often every instance rereads the settings anyway, in case a bus event was lost (Redis down). */
export const SETTINGS_REFRESH_MS = 60_000;

export interface InstanceSettingsDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
  /** What applies until an admin saves a value: the operator's config. */
  defaults: InstanceSettings;
  /** uploads.maxFileBytes from the config: no setting may allow more (it is also the default). */
  uploadCeiling: number;
  /** A reload failed or found unreadable stored values; the previous settings stay in force. */
  onError: (err: unknown) => void;
  refreshMs?: number;
}

/** Anyone but an instance admin is told the route does not exist: the admin surface is not advertised. */
export function requireInstanceAdmin(user: Pick<UserRecord, 'isAdmin'>): void {
  if (!isInstanceAdmin(user)) throw new DomainError('not_found', 'Not found');
}

const KEYS = ['instanceName', 'registration', 'maxUploadBytes', 'allowedFileTypes', 'defaultLanguage'] as const satisfies ReadonlyArray<keyof InstanceSettings>;

const show = (value: unknown) => (Array.isArray(value) ? value.join(', ') : String(value));

/** The keys whose value differs, for saving and for the audit entry (`old → new`, flat). */
function changesOf(before: InstanceSettings, patch: UpdateInstanceSettingsBody): { changed: Partial<InstanceSettings>; details: AuditDetails } {
  const changed: Partial<InstanceSettings> = {};
  const details: AuditDetails = {};
  for (const key of KEYS) {
    const next = patch[key];
    if (next === undefined || JSON.stringify(next) === JSON.stringify(before[key])) continue;
    Object.assign(changed, { [key]: next });
    details[key] = `${show(before[key])} → ${show(next)}`;
  }
  return { changed, details };
}

/**
 * The instance settings every server applies: the config's defaults overlaid with what admins saved.
 * Each instance holds them in memory (registration, uploads and GET /api/instance read them on every
 * request). A save writes the database, applies here at once and publishes on the bus; every other
 * instance then rereads the database, so all of them serve the same settings within one bus hop.
 */
export function createInstanceSettings({ store, bus, clock, audit, defaults, uploadCeiling, onError, refreshMs = SETTINGS_REFRESH_MS }: InstanceSettingsDeps) {
  // Tells this instance's own bus echo apart: the saver has applied its change already.
  const origin = randomUUID();
  const listeners = new Set<(instance: PublicInstance) => void>();
  let current: InstanceSettings = { ...defaults, maxUploadBytes: Math.min(defaults.maxUploadBytes, uploadCeiling) };
  let reloads: Promise<void> = Promise.resolve();
  let stopBus: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  const publicOf = (s: InstanceSettings): PublicInstance => ({
    name: s.instanceName,
    registration: s.registration,
    defaultLanguage: s.defaultLanguage,
    maxUploadBytes: s.maxUploadBytes,
    allowedFileTypes: [...s.allowedFileTypes],
  });

  async function read(): Promise<InstanceSettings> {
    const saved = await store.settings.load();
    if (saved.invalid.length > 0) onError(new Error(`stored instance settings ignored (unreadable): ${saved.invalid.join(', ')}`));
    const merged = { ...defaults, ...saved.values };
    // The config may have lowered the ceiling since the admin saved: the smaller limit wins.
    return { ...merged, maxUploadBytes: Math.min(merged.maxUploadBytes, uploadCeiling) };
  }

  async function apply(): Promise<void> {
    const next = await read();
    const changed = JSON.stringify(publicOf(next)) !== JSON.stringify(publicOf(current));
    current = next;
    if (!changed) return;
    const view = publicOf(next);
    for (const listener of listeners) listener(view);
  }

  /** Reloads run one after another, so the last one to finish read the database after the last save. */
  function reload(): Promise<void> {
    const run = reloads.then(apply);
    reloads = run.catch(() => undefined);
    return run;
  }

  const reloadInBackground = () => void reload().catch(onError);

  return {
    /** Loads the saved settings, then follows changes from other instances (bus, and a periodic reread). */
    async start(): Promise<void> {
      await reload();
      stopBus = bus.subscribeInstances((event) => {
        if (event.kind === 'settings-changed' && event.origin !== origin) reloadInBackground();
      });
      timer = setInterval(reloadInBackground, refreshMs);
      timer.unref();
    },

    stop(): void {
      stopBus?.();
      clearInterval(timer);
    },

    /** Called with the new public view whenever the settings this instance applies change. */
    onChange(listener: (instance: PublicInstance) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    current: (): InstanceSettings => current,

    /** What GET /api/instance and the `instance.updated` frame show. */
    publicView: (): PublicInstance => publicOf(current),

    /** For an instance admin only. */
    async get(actor: UserRecord): Promise<InstanceSettings> {
      requireInstanceAdmin(actor);
      await reloads;
      return current;
    },

    /** Saves the keys that change, applies them here, tells every instance, and audits old → new. */
    async update(actor: UserRecord, patch: UpdateInstanceSettingsBody, ip: string | undefined): Promise<InstanceSettings> {
      requireInstanceAdmin(actor);
      if (patch.maxUploadBytes !== undefined && patch.maxUploadBytes > uploadCeiling) {
        throw new DomainError(
          'invalid_request',
          `maxUploadBytes can be at most ${uploadCeiling} bytes, the server's uploads.maxFileBytes (raise that in the config first)`,
        );
      }
      const { changed, details } = changesOf(await read(), patch);
      if (Object.keys(changed).length === 0) return current;
      await store.settings.save(changed, clock(), actor.id);
      await reload();
      bus.publishToInstances({ kind: 'settings-changed', origin });
      await audit.record({ action: 'admin.settings_updated', actorId: actor.id, ip, details });
      return current;
    },
  };
}

export type InstanceSettingsService = ReturnType<typeof createInstanceSettings>;
