import type { Page } from 'playwright-core';
import { waitForConnection } from './browser-session.js';

/** One way the app can look: viewport, colour mode and language. */
export interface Look {
  name: string;
  width: number;
  height: number;
  theme: 'light' | 'dark';
  language: 'en' | 'zh-CN';
}

/** Desktop and phone, light and dark, English and Chinese: the eight looks a screen is checked in. */
export const LOOKS: readonly Look[] = [1280, 390].flatMap((width) =>
  (['light', 'dark'] as const).flatMap((theme) =>
    (['en', 'zh-CN'] as const).map((language) => ({ name: `${width}-${theme}-${language}`, width, height: width === 1280 ? 800 : 844, theme, language })),
  ),
);

/** Switches the page to `look` (stored theme and language, as the app's own menus store them) and reloads. */
export async function useLook(page: Page, look: Look): Promise<void> {
  await page.setViewportSize({ width: look.width, height: look.height });
  await page.evaluate(({ theme, language }) => {
    localStorage.setItem('parley.theme', theme);
    localStorage.setItem('parley.language', language);
  }, look);
  await page.reload();
  await waitForConnection(page, 'connected');
}
