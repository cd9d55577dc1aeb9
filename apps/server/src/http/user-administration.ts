import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { Bus } from '../bus/types.js';
import type { PasswordHasher } from '../domain/accounts.js';
import { createAdminRoomService } from '../domain/admin-rooms.js';
import { createAdminUserService } from '../domain/admin-users.js';
import type { AuditLog } from '../domain/audit.js';
import type { Clock } from '../domain/clock.js';
import type { PasswordPolicy } from '../domain/password-policy.js';
import { createPasswordResetService } from '../domain/password-resets.js';
import { createRevocationSweep } from '../domain/revocation-sweep.js';
import type { RoomService } from '../domain/rooms.js';
import type { SessionService } from '../domain/sessions.js';
import type { Store } from '../storage/types.js';
import type { LiveSockets } from '../ws/live-sockets.js';
import { closeRevokedSessions } from '../ws/revoked-sockets.js';
import { adminRoomRoutes } from './admin-rooms.js';
import { adminUserRoutes } from './admin-users.js';
import { passwordResetRoutes } from './password-reset.js';

export interface UserAdministrationDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  audit: AuditLog;
  passwords: PasswordHasher;
  passwordPolicy: PasswordPolicy;
  sessions: SessionService;
  rooms: RoomService;
  isOnline: (userId: string) => boolean;
  authenticate: onRequestAsyncHookHandler;
  sockets: LiveSockets;
  logger: Logger;
}

/**
 * The admin console's users and rooms: reset links (`/api/auth/password-reset`), the
 * `/api/admin/users` and `/api/admin/rooms` routes, and the revocation sweep that closes the
 * sockets of sessions revoked where no bus message reached this instance (the command line).
 */
export async function registerUserAdministration(app: FastifyInstance, deps: UserAdministrationDeps): Promise<void> {
  const { store, bus, clock, audit, authenticate, sockets, logger } = deps;
  const resets = createPasswordResetService({ store, clock, passwords: deps.passwords, passwordPolicy: deps.passwordPolicy, sessions: deps.sessions, audit });
  await app.register(passwordResetRoutes(resets), { prefix: '/api/auth' });
  const adminUsers = createAdminUserService({ store, bus, clock, audit, resets, isOnline: deps.isOnline });
  await app.register(adminUserRoutes(adminUsers, authenticate), { prefix: '/api/admin/users' });
  await app.register(adminRoomRoutes(createAdminRoomService({ store, bus, clock, audit, rooms: deps.rooms }), authenticate), { prefix: '/api/admin/rooms' });
  const sweep = createRevocationSweep({
    store,
    clock,
    closeSessions: (ids) => closeRevokedSessions(sockets, ids),
    onError: (err) => logger.error({ err }, 'revocation sweep failed'),
  });
  const stopSweep = sweep.start();
  app.addHook('preClose', async () => stopSweep());
}
