import type { BrowserTab } from './drivers';
import { waitInTab } from './harness';
import { until } from './until';

// What a test of an app's pages needs from a tab (load a script, read, click, type, wait for the URL),
// written once with `evaluate`, so it runs in every engine's driver.

/** Adds `<script src>` to the page and resolves once it has run. */
export function loadScript(tab: BrowserTab, src: string): Promise<true> {
  return tab.evaluate(
    (url) =>
      new Promise<true>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = url;
        script.onload = () => resolve(true);
        script.onerror = () => reject(new Error(`could not load ${url}`));
        document.head.append(script);
      }),
    src,
  );
}

/** The text of the first element matching `selector`, or null while there is none. */
export const textOf = (tab: BrowserTab, selector: string): Promise<string | null> =>
  tab.evaluate((sel) => document.querySelector(sel)?.textContent ?? null, selector);

/** Waits for an element matching `selector` whose text contains `text` (default: any), then clicks it. */
export async function click(tab: BrowserTab, selector: string, text = ''): Promise<void> {
  await waitInTab(
    tab,
    ([sel, has]) => {
      const element = [...document.querySelectorAll<HTMLElement>(sel)].find((e) => (e.textContent ?? '').includes(has));
      element?.click();
      return element !== undefined;
    },
    [selector, text] as const,
    `${selector}${text === '' ? '' : ` with "${text}"`} to click`,
  );
}

/** Waits for an element matching `selector` whose text contains `text`. */
export const waitForText = (tab: BrowserTab, selector: string, text: string): Promise<true> =>
  waitInTab(
    tab,
    ([sel, has]) => [...document.querySelectorAll(sel)].some((e) => (e.textContent ?? '').includes(has)) || undefined,
    [selector, text] as const,
    `${selector} with "${text}"`,
  );

/** Types `value` into an input as a user would: a frameworks' controlled input sees an `input` event. */
export async function fill(tab: BrowserTab, selector: string, value: string): Promise<void> {
  await waitInTab(
    tab,
    ([sel, text]) => {
      const input = document.querySelector<HTMLInputElement>(sel);
      if (input === null) return false;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
      return true;
    },
    [selector, value] as const,
    `${selector} to fill`,
  );
}

/**
 * Waits until the tab's URL matches `pattern` (read from the page, so a client-side navigation counts;
 * an evaluation that meets a navigation in progress is retried).
 */
export function waitForUrl(tab: BrowserTab, pattern: RegExp): Promise<string> {
  return until(async () => {
    const href = await tab.evaluate(() => location.href).catch(() => '');
    return pattern.test(href) ? href : undefined;
  }, `the URL to match ${pattern}`);
}
