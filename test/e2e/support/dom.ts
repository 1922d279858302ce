import type { BrowserTab } from './drivers';
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

type Action = 'text' | 'click' | 'fill' | 'find' | 'value';

/**
 * Finds the first element matching `selector` whose text contains `text`, in the document and in every
 * open shadow root (a prebuilt UI such as supertokens-auth-react's renders in one), and acts on it:
 * its text, a click, typing `value` as a user would (a framework's controlled input sees `input`), or
 * just whether it is there. Undefined while there is no such element.
 */
const act = (tab: BrowserTab, action: Action, selector: string, text = '', value = '') =>
  tab.evaluate(
    ([act, sel, has, typed]) => {
      const all = (root: ParentNode): Element[] => [
        ...root.querySelectorAll(sel),
        ...[...root.querySelectorAll('*')].flatMap((e) => (e.shadowRoot === null ? [] : all(e.shadowRoot))),
      ];
      const element = all(document).find((e) => (e.textContent ?? '').includes(has));
      if (element === undefined) return undefined;
      if (act === 'text') return element.textContent ?? '';
      if (act === 'value') return (element as HTMLInputElement).value;
      if (act === 'click') (element as HTMLElement).click();
      if (act === 'fill') {
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(element, typed);
        element.dispatchEvent(new Event('input', { bubbles: true }));
        element.dispatchEvent(new Event('change', { bubbles: true }));
      }
      return true;
    },
    [action, selector, text, value] as const,
  );

const waitAct = (tab: BrowserTab, action: Action, selector: string, text = '', value = '') =>
  until(() => act(tab, action, selector, text, value), `${selector}${text === '' ? '' : ` with "${text}"`} to ${action}`);

/** The text of the first element matching `selector` (shadow roots included), or null while there is none. */
export const textOf = async (tab: BrowserTab, selector: string): Promise<string | null> => ((await act(tab, 'text', selector)) as string | undefined) ?? null;

/** Waits for an element matching `selector` whose text contains `text` (default: any), then clicks it. */
export async function click(tab: BrowserTab, selector: string, text = ''): Promise<void> {
  await waitAct(tab, 'click', selector, text);
}

/** Waits for an element matching `selector` whose text contains `text`. */
export async function waitForText(tab: BrowserTab, selector: string, text: string): Promise<void> {
  await waitAct(tab, 'find', selector, text);
}

/** Waits for the input matching `selector`, then types `value` into it as a user would. */
export async function fill(tab: BrowserTab, selector: string, value: string): Promise<void> {
  await waitAct(tab, 'fill', selector, '', value);
}

/** The value of the first input matching `selector` (shadow roots included), or null while there is none. */
export const inputValue = async (tab: BrowserTab, selector: string): Promise<string | null> => ((await act(tab, 'value', selector)) as string | undefined) ?? null;

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
