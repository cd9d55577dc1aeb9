// @ts-check
// Renders parley.conf.template. Plain JavaScript so that `node deploy/nginx/render.mjs` regenerates
// the compose config without a build step, and the tests render the very same text.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const TEMPLATE_PATH = fileURLToPath(new URL('./parley.conf.template', import.meta.url));
export const COMPOSE_CONFIG_PATH = fileURLToPath(new URL('./nginx.conf', import.meta.url));

/** What docker-compose.yml runs: two instances by service name, nginx listening on port 80. */
export const COMPOSE_SITE = Object.freeze({ upstreams: ['parley1:8000', 'parley2:8000'], listen: '80' });

const GENERATED_NOTE =
  '# GENERATED from parley.conf.template by `node deploy/nginx/render.mjs`; edit the template instead.\n';

/**
 * The server block with its upstream list and listen address filled in.
 * @param {{ upstreams: readonly string[], listen: string }} site
 * @returns {string}
 */
export function renderSite({ upstreams, listen }) {
  if (upstreams.length === 0) throw new Error('nginx: at least one upstream is required');
  for (const value of [...upstreams, listen]) {
    // A stray ';', brace or newline would inject directives into the config.
    if (!/^[\w.:[\]-]+$/.test(value)) throw new Error(`nginx: refusing suspicious address ${JSON.stringify(value)}`);
  }
  // max_fails=0: never take an instance out of rotation on passive failures. With max_fails=1, an
  // instance restart plus a reconnect storm marked every upstream down at once and nginx answered
  // "no live upstreams" (502) to everyone for as long as the storm lasted (found by the chaos test).
  // A refused connection costs nothing: proxy_next_upstream moves on to the next instance at once.
  const servers = upstreams.map((address) => `    server ${address} max_fails=0;`).join('\n');
  return readFileSync(TEMPLATE_PATH, 'utf8').replaceAll('{{UPSTREAMS}}', servers).replaceAll('{{LISTEN}}', listen);
}

/** The checked-in compose config (deploy/nginx/nginx.conf), byte for byte. */
export function renderComposeConfig() {
  return GENERATED_NOTE + renderSite(COMPOSE_SITE);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(COMPOSE_CONFIG_PATH, renderComposeConfig());
  process.stdout.write(`wrote ${COMPOSE_CONFIG_PATH}\n`);
}
