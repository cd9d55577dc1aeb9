import { ok, warn, type CheckResult, type DoctorCheck } from './types.js';

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

function isLocal(hostname: string): boolean {
  return LOCAL_HOSTS.has(hostname) || hostname.endsWith('.localhost');
}

/**
 * allowedOrigins lists the browser origins whose pages may open the socket with a user's token.
 * Plain-HTTP origins on real hosts, and development origins on a server reachable from elsewhere,
 * are usually left over from testing; they are warnings, since only the operator knows.
 */
export const originsCheck: DoctorCheck = {
  name: 'allowed origins',
  async run({ config }) {
    if (config.allowedOrigins.length === 0) return [ok('allowed origins', "none listed: only pages from the server's own origin may open the socket")];
    const exposed = !isLocal(config.host);
    const results: CheckResult[] = [];
    for (const origin of config.allowedOrigins) {
      const url = new URL(origin);
      if (url.protocol === 'http:' && !isLocal(url.hostname)) {
        results.push(warn('allowed origins', `${origin} is plain HTTP: tokens and messages cross the network unencrypted`, `serve it over HTTPS and list https://${url.host} instead`));
      } else if (exposed && isLocal(url.hostname)) {
        results.push(warn('allowed origins', `${origin} is a development origin, while the server listens on ${config.host}`, 'remove it from allowedOrigins / PARLEY_ALLOWED_ORIGINS unless you mean it'));
      }
    }
    if (results.length > 0) return results;
    return [ok('allowed origins', config.allowedOrigins.join(', '))];
  },
};

