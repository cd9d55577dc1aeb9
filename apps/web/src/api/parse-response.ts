import { ErrorBody } from '@parley/protocol';
import { ApiError } from './api-error';

/** Turns a failed answer's status and decoded body into an ApiError, whatever the body looks like. */
export function errorFromBody(status: number, json: unknown): ApiError {
  const body = ErrorBody.safeParse(json);
  if (body.success) return new ApiError(body.data.error.code, body.data.error.message, status);
  // A proxy's own 413 (nginx client_max_body_size) has no Parley body but means the same thing.
  if (status === 413) return new ApiError('payload_too_large', `HTTP ${status}`, status);
  return new ApiError(status >= 500 ? 'unavailable' : 'internal', `HTTP ${status}`, status);
}

/** Parses JSON text, or undefined when it is not JSON (an HTML error page from a proxy). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Turns a failed response into an ApiError, whatever its body looks like. */
export async function parseError(res: Response): Promise<ApiError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    // The body was cut off: the status alone still says what happened.
  }
  return errorFromBody(res.status, jsonOrUndefined(text));
}
