import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';

/**
 * The client's address as a counter key: IPv4-mapped addresses unwrapped, IPv6 by /64 (one
 * subscriber's prefix). request.ip honours X-Forwarded-For only from trusted proxies (trustProxy).
 */
export function clientKey(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}
