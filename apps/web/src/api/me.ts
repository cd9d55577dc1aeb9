import { User, type UpdateMeBody } from '@parley/protocol';
import { apiRequest } from './http';
import { uploadMultipart, type UploadHandle } from './upload-request';

/** Replaces the caller's avatar (`PUT /api/me/avatar`); the server crops it square. */
export function uploadAvatar(file: File, onProgress: (loaded: number, total: number) => void): UploadHandle<User> {
  return uploadMultipart({ path: '/api/me/avatar', method: 'PUT', file, schema: User, onProgress });
}

/** Removes the caller's avatar; initials are shown again. */
export function deleteAvatar(): Promise<User> {
  return apiRequest('/api/me/avatar', { method: 'DELETE', schema: User });
}

/** Changes the caller's profile and/or password (`PATCH /api/me`); a wrong current password is `invalid_credentials`. */
export function updateMe(body: UpdateMeBody): Promise<User> {
  return apiRequest('/api/me', { method: 'PATCH', body, schema: User });
}
