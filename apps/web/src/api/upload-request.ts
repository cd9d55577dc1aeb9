import type { z } from 'zod';
import { ApiError } from './api-error';
import { errorFromBody, jsonOrUndefined } from './parse-response';
import { getAccessToken, refreshAccessToken } from './token-refresh';

/** The user (or the code) cancelled an upload; not an error to show. */
export class UploadAbortedError extends Error {
  constructor() {
    super('upload aborted');
    this.name = 'UploadAbortedError';
  }
}

/** A running upload: its result, and a way to stop it. */
export interface UploadHandle<T> {
  promise: Promise<T>;
  abort(): void;
}

export interface MultipartUpload<S extends z.ZodType> {
  path: string;
  method: 'POST' | 'PUT';
  file: File;
  /** Schema of the success body. */
  schema: S;
  /** Bytes of the request body sent so far, and its total (the multipart framing included). */
  onProgress?(loaded: number, total: number): void;
}

interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Sends one file as `multipart/form-data` (part `file`) with the access token. XMLHttpRequest rather
 * than fetch, because only XHR reports upload progress. A 401 refreshes the token once and sends the
 * file again from the start.
 */
export function uploadMultipart<S extends z.ZodType>(req: MultipartUpload<S>): UploadHandle<z.infer<S>> {
  let xhr: XMLHttpRequest | undefined;
  let aborted = false;

  const attempt = (token: string) =>
    new Promise<RawAnswer>((resolve, reject) => {
      if (aborted) {
        reject(new UploadAbortedError());
        return;
      }
      const x = new XMLHttpRequest();
      xhr = x;
      x.open(req.method, req.path);
      x.setRequestHeader('authorization', `Bearer ${token}`);
      x.upload.onprogress = (e) => req.onProgress?.(e.loaded, e.lengthComputable ? e.total : req.file.size);
      x.onload = () => resolve({ status: x.status, text: x.responseText });
      x.onerror = () => reject(new ApiError('network', 'network error', 0));
      x.ontimeout = () => reject(new ApiError('network', 'timed out', 0));
      x.onabort = () => reject(new UploadAbortedError());
      const form = new FormData();
      form.append('file', req.file, req.file.name);
      x.send(form);
    });

  const promise = (async () => {
    let token = await getAccessToken();
    let answer = await attempt(token);
    if (answer.status === 401) {
      token = await refreshAccessToken(token);
      req.onProgress?.(0, req.file.size);
      answer = await attempt(token);
    }
    const json = jsonOrUndefined(answer.text);
    if (answer.status < 200 || answer.status >= 300) throw errorFromBody(answer.status, json);
    return req.schema.parse(json) as z.infer<S>;
  })();

  return {
    promise,
    abort() {
      aborted = true;
      xhr?.abort();
    },
  };
}
