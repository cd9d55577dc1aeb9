import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { Presence } from '../bus/types.js';
import { createAdminStatsService } from '../domain/admin-stats.js';
import type { Clock } from '../domain/clock.js';
import type { InstanceSettingsService } from '../domain/instance-settings.js';
import { createStatsSampler } from '../domain/stats-sampler.js';
import { measureBlobs } from '../storage/blob-usage.js';
import type { Store } from '../storage/types.js';
import { broadcastInstance } from '../ws/instance-frames.js';
import type { LiveSockets } from '../ws/live-sockets.js';
import { adminSettingsRoutes } from './admin-settings.js';
import { adminStatsRoutes } from './admin-stats.js';
import { instanceRoutes } from './instance.js';

export interface InstanceOperationsDeps {
  settings: InstanceSettingsService;
  store: Store;
  presence: Presence;
  clock: Clock;
  /** The blob store's folder, walked for the uploads figures. */
  blobsDir: string;
  authenticate: onRequestAsyncHookHandler;
  sockets: LiveSockets;
  logger: Logger;
}

/**
 * The instance's own operation surface: GET /api/instance, the admin settings and dashboard
 * routes, `instance.updated` to every local socket when the settings change (here or on another
 * instance), and the dashboard's sampler. Its timers stop when the app closes.
 */
export async function registerInstanceOperations(app: FastifyInstance, deps: InstanceOperationsDeps): Promise<void> {
  const { settings, store, presence, clock, authenticate, sockets, logger } = deps;
  const stats = createAdminStatsService({ store, presence, clock, measureUploads: () => measureBlobs(deps.blobsDir) });
  await app.register(instanceRoutes(settings), { prefix: '/api' });
  await app.register(adminSettingsRoutes(settings, authenticate), { prefix: '/api' });
  await app.register(adminStatsRoutes(stats, authenticate), { prefix: '/api' });
  const stopFrames = settings.onChange((instance) => broadcastInstance(sockets, instance));
  const sampler = createStatsSampler({ store, presence, clock, onError: (err) => logger.error({ err }, 'dashboard sample failed') });
  sampler.start();
  app.addHook('onClose', async () => {
    stopFrames();
    sampler.stop();
    settings.stop();
  });
}
