import type { Page } from 'playwright-core';

/** UI steps shared by the browser tests; they use test ids, so they work in every language. */

export async function createRoom(page: Page, name: string): Promise<void> {
  await page.getByTestId('create-room').click();
  await page.locator('#room-name').fill(name);
  await page.getByTestId('create-room-submit').click();
  await page.locator('[data-testid="room-title"]', { hasText: name }).waitFor();
}

export async function joinRoom(page: Page, name: string): Promise<void> {
  await page.locator(`[data-testid="room-item"][data-room-name="${name}"] [data-testid="join-room"]`).click();
  await page.locator('[data-testid="room-title"]', { hasText: name }).waitFor();
}

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/** Picks files through the composer's hidden file input, as the attach button's picker would. */
export async function attach(page: Page, files: FilePayload[]): Promise<void> {
  await page.getByTestId('attach-input').setInputFiles(files);
}

export const chip = (page: Page, name: string) => page.locator(`[data-testid="upload-chip"][data-name="${name}"]`);

/** Fires a real paste event carrying an image file, as a screenshot paste does. */
export async function pasteImage(page: Page, file: FilePayload): Promise<void> {
  await page.getByTestId('composer-input').evaluate(
    (el, { name, mimeType, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: mimeType }));
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { name: file.name, mimeType: file.mimeType, b64: file.buffer.toString('base64') },
  );
}

/** Drags a file over the message list and drops it there, with the events a browser fires. */
export async function dropFile(page: Page, file: FilePayload): Promise<void> {
  await page.getByTestId('message-list').evaluate(
    (el, { name, mimeType, b64 }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const data = new DataTransfer();
      data.items.add(new File([bytes], name, { type: mimeType }));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
      }
    },
    { name: file.name, mimeType: file.mimeType, b64: file.buffer.toString('base64') },
  );
}

export async function sendComposer(page: Page, caption = ''): Promise<void> {
  await page.getByTestId('composer-input').fill(caption);
  await page.getByTestId('send-button').click();
}

/** Natural widths of the loaded thumbnails in stored (not pending) messages. */
export function loadedThumbWidths(page: Page): Promise<number[]> {
  return page
    .locator('[data-testid="message"]:not([data-pending]) [data-testid="attachment-image"]')
    .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
}
