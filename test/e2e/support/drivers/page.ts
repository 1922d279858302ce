import type { BrowserTab } from './types';

/** What Playwright's and Puppeteer's Page have in common, as far as a BrowserTab needs it. */
export interface DevtoolsPage {
  on(event: 'pageerror', listener: (error: Error) => void): unknown;
  on(event: 'dialog', listener: (dialog: { message(): string; dismiss(): Promise<void> }) => void): unknown;
  evaluate(fn: never, arg: never): Promise<unknown>;
  url(): string;
  bringToFront(): Promise<void>;
  screenshot(options: { path: string }): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * A BrowserTab over a page of an event-driven protocol (CDP for Chromium, WebDriver BiDi for Firefox):
 * evaluations run concurrently in every tab; errors and dialogs arrive as events.
 */
export function devtoolsTab(page: DevtoolsPage, goto: (url: string) => Promise<unknown>): BrowserTab {
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    goto: async (url) => {
      await goto(url);
    },
    url: async () => page.url(),
    bringToFront: () => page.bringToFront(),
    canScreenshot: true,
    screenshot: async (path) => {
      await page.screenshot({ path });
    },
    errors: async () => [...errors],
    dialogs,
    close: () => page.close(),
  };
}
