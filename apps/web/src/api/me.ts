import { User } from '@parley/protocol';
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
