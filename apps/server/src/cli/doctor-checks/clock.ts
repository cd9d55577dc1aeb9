import { fail, ok, warn, type CheckResult } from './types.js';

/** Beyond this a warning: token expiry, presence TTLs and message times start to disagree. */
export const SKEW_WARN_MS = 2000;
/** Beyond this a failure: access tokens are refused as not yet valid or already expired. */
export const SKEW_FAIL_MS = 30_000;

/** A skew in words, before the reference's name: `1.4 s ahead of`, `35.0 s behind`. */
export function describeSkew(skewMs: number): string {
  const seconds = (Math.abs(skewMs) / 1000).toFixed(1);
  return skewMs >= 0 ? `${seconds} s ahead of` : `${seconds} s behind`;
}

/** Classifies how far `other` (named) is from `reference`; `skewMs` is other minus reference. */
export function skewResult(check: string, other: string, reference: string, skewMs: number): CheckResult {
  const text = `${other} is ${describeSkew(skewMs)} ${reference}`;
  const fix = `synchronise the clocks with NTP (e.g. \`timedatectl set-ntp true\` or chrony) on the host of ${other} and of ${reference}`;
  if (Math.abs(skewMs) > SKEW_FAIL_MS) return fail(check, text, fix);
  if (Math.abs(skewMs) > SKEW_WARN_MS) return warn(check, text, fix);
  return ok(check, text);
}

/**
 * Reads a remote clock and estimates its skew from ours: the remote reading is compared with the
 * midpoint of the round trip, so a slow network does not look like a skew.
 */
export async function measureSkew(read: () => Promise<number>, now: () => number): Promise<number> {
  const before = now();
  const remote = await read();
  const after = now();
  return remote - (before + after) / 2;
}
