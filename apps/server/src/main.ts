import { withJwtSecret } from './config/jwt-secret.js';
import { ConfigError, loadConfig } from './config/load.js';
import { buildApp } from './app.js';

/** Process entry: loadConfig → buildApp → listen → close on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = withJwtSecret(loadConfig({ env: process.env, cwd: process.cwd() }));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const app = await buildApp({ config });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Sockets drain and close with 1012 first (ws/live-sockets.ts); a stuck close must not outlive the orchestrator's grace period.
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => {
        app.log.info('shut down');
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  process.stderr.write(`parley: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
