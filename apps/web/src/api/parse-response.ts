import { ErrorBody } from '@parley/protocol';
import { ApiError } from './api-error';

/** Turns a failed response into an ApiError, whatever its body looks like. */
export async function parseError(res: Response): Promise<ApiError> {
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  const body = ErrorBody.safeParse(json);
  if (body.success) return new ApiError(body.data.error.code, body.data.error.message, res.status);
  return new ApiError(res.status >= 500 ? 'unavailable' : 'internal', `HTTP ${res.status}`, res.status);
}
