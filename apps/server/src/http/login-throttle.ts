import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { RateLimitsConfig } from '../config/rate-limits.js';
import { DomainError } from '../domain/errors.js';
import { sha256Hex } from '../lib/sha256.js';
import type { WindowCounters } from '../lib/window-counters.js';
import { clientKey } from './client-key.js';

type Scope = 'login' | 'register';
type Rule = RateLimitsConfig['login'];
type Outcome = 'success' | 'failure' | 'neutral';

/** The two counters one attempt was added to. */
interface Ticket {
  scope: Scope;
  ipKey: string;
  userKey: string;
}

type Verdict = { ok: true; ticket: Ticket; delayMs: number } | { ok: false; retryAfterSeconds: number };

/**
 * Usernames are compared loosely (NFKC, lower case), so look-alike spellings share one counter;
 * hashed, so the store never holds the names people typed.
 */
export function usernameKey(username: string): string {
  return sha256Hex(username.normalize('NFKC').toLowerCase()).slice(0, 32);
}

/** The delay before an attempt `excess` failures past the free ones: base, doubling, capped. */
export function delayFor(excess: number, delay: { baseMs: number; maxMs: number }): number {
  if (excess <= 0) return 0;
  return Math.min(delay.maxMs, delay.baseMs * 2 ** Math.min(excess - 1, 30));
}

/**
 * Brute-force throttle for login and register, per client IP and per username. Every attempt is
 * counted *before* the password is checked, so parallel guesses cannot slip past the count; the
 * outcome then settles it: a successful login forgets the username's failures and takes its own
 * attempt back from the IP (logging into your own account cannot reset an IP's count); an attempt
 * that failed for another reason (the server's) is taken back from both. Windows are fixed and
 * expire `windowSeconds` after their first failure, so no lock-out outlives its window.
 */
export function createLoginThrottle(counters: WindowCounters, limits: RateLimitsConfig) {
  let waiting = 0;
  return {
    async check(scope: Scope, ip: string, username: string): Promise<Verdict> {
      const rule: Rule = limits[scope];
      const ticket = { scope, ipKey: `${scope}:ip:${ip}`, userKey: `${scope}:user:${usernameKey(username)}` };
      const [byIp, byUser] = await counters.increment([ticket.ipKey, ticket.userKey], rule.windowSeconds * 1000);
      const counts = [
        { count: byIp?.count ?? 0, ttlMs: byIp?.ttlMs ?? 0, rule: rule.perIp },
        { count: byUser?.count ?? 0, ttlMs: byUser?.ttlMs ?? 0, rule: rule.perUsername },
      ];
      const locked = counts.filter((c) => c.count > c.rule.max);
      if (locked.length > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Math.max(...locked.map((c) => c.ttlMs)) / 1000)) };
      const delayMs = delayFor(Math.max(...counts.map((c) => c.count - c.rule.free)), limits.delay);
      // A delay holds a socket and a timer, no CPU; past maxWaiting of them, refuse instead of holding more.
      if (delayMs > 0 && waiting >= limits.delay.maxWaiting) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(delayMs / 1000)) };
      // The slot is taken here, in the same turn as the check, so parallel attempts cannot all pass it.
      if (delayMs > 0) waiting += 1;
      return { ok: true, ticket, delayMs };
    },

    /** Waits out the delay check() granted, then frees its slot; call exactly once after an ok check. */
    async wait(delayMs: number): Promise<void> {
      if (delayMs <= 0) return;
      try {
        await sleep(delayMs);
      } finally {
        waiting -= 1;
      }
    },

    async settle({ scope, ipKey, userKey }: Ticket, outcome: Outcome): Promise<void> {
      if (outcome === 'failure') return;
      if (outcome === 'neutral') {
        await Promise.all([counters.decrement(ipKey), counters.decrement(userKey)]);
        return;
      }
      // Registrations from one IP count even when they succeed: creating accounts is what is limited.
      await Promise.all([counters.reset(userKey), scope === 'login' ? counters.decrement(ipKey) : Promise.resolve()]);
    },
  };
}

/** 2xx: success; 401 (wrong password), 409 (name taken), 400 (refused by the rules): failure; else the server's fault. */
function outcomeOf(status: number): Outcome {
  if (status >= 200 && status < 300) return 'success';
  return status === 400 || status === 401 || status === 409 ? 'failure' : 'neutral';
}

// A reset link's token is guessed like a password: its attempts count against the login budget.
const ROUTES: Record<string, Scope> = { 'POST /api/auth/login': 'login', 'POST /api/auth/register': 'register', 'POST /api/auth/password-reset': 'login' };

/** The per-name counter's key: the username, or for a reset the token (hashed by usernameKey like a name). */
function usernameOf(request: FastifyRequest): string {
  const body = request.body as { username?: unknown; token?: unknown } | undefined;
  if (typeof body?.username === 'string') return body.username;
  return typeof body?.token === 'string' ? `reset:${body.token}` : '';
}

/** Puts the throttle in front of POST /api/auth/login and /register (after body validation, so the username is known). */
export function registerLoginThrottle(app: FastifyInstance, counters: WindowCounters, limits: RateLimitsConfig, log: Logger): void {
  const throttle = createLoginThrottle(counters, limits);
  const tickets = new WeakMap<FastifyRequest, Ticket>();

  const before = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const scope = ROUTES[`${request.method} ${request.routeOptions.url}`]!; // only added to those routes
    const verdict = await throttle.check(scope, clientKey(request), usernameOf(request));
    if (!verdict.ok) {
      log.warn({ scope, ip: request.ip, reqId: request.id }, 'authentication attempts throttled');
      reply.header('retry-after', String(verdict.retryAfterSeconds));
      throw new DomainError('rate_limited', `Too many attempts; retry in ${verdict.retryAfterSeconds} s`);
    }
    tickets.set(request, verdict.ticket);
    await throttle.wait(verdict.delayMs);
  };

  const after = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const ticket = tickets.get(request);
    if (!ticket) return;
    tickets.delete(request);
    await throttle.settle(ticket, outcomeOf(reply.statusCode)).catch((err: unknown) => log.error({ err }, 'settling a throttled attempt failed'));
  };

  app.addHook('onRoute', (route) => {
    const methods = typeof route.method === 'string' ? [route.method] : route.method;
    if (!methods.some((m) => ROUTES[`${m} ${route.url}`])) return;
    route.preHandler = [...asArray(route.preHandler), before];
    route.onSend = [...asArray(route.onSend), async (request, reply, payload) => {
      await after(request, reply);
      return payload;
    }];
  });
}

function asArray<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
