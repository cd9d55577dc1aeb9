/**
 * The browser has no structured logger, so unexpected client errors go to the developer console with
 * context. Never pass tokens, passwords or message bodies here.
 */
export function reportError(context: string, err: unknown): void {
  // eslint-disable-next-line no-console -- the one sink for client-side errors; there is no pino in a browser
  console.error(`[parley] ${context}`, err);
}
