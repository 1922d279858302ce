import type { BrowserTab } from './drivers';
import { waitInTab } from './harness';

// The demo page (demo/web) as a person uses it, through `evaluate` (the same in every driver): shared by
// demo.test.ts (the page on the mock backend) and static-demo.test.ts (its static build, ?mock=worker).

/** Clicks the element as a script would (the same in every driver): `selector`, or the button whose text is `text`. */
export const click = (tab: BrowserTab, selector: string, text?: string) =>
  tab.evaluate(
    ([sel, label]) => {
      const found = [...document.querySelectorAll<HTMLElement>(sel)].filter((el) => label === null || el.textContent?.trim() === label);
      if (found.length !== 1) throw new Error(`${found.length} elements match ${sel} ${label ?? ''}`);
      found[0]!.click();
    },
    [selector, text ?? null] as const,
  );
/** How many entries of the page's log contain every one of `texts`. */
export const logCount = (tab: BrowserTab, ...texts: string[]) =>
  tab.evaluate((all) => [...document.querySelectorAll('#log li')].filter((li) => all.every((t) => li.textContent?.includes(t))).length, texts);
export const waitLog = (tab: BrowserTab, ...texts: string[]) =>
  waitInTab(tab, (all) => [...document.querySelectorAll('#log li')].some((li) => all.every((t) => li.textContent?.includes(t))), texts, `a log entry with ${texts.join(' + ')}`);
export const waitText = (tab: BrowserTab, selector: string, text: string) =>
  waitInTab(tab, ([sel, t]) => document.querySelector(sel)?.textContent === t, [selector, text] as const, `${selector} to read "${text}"`);
export const waitReady = (tab: BrowserTab) => waitInTab(tab, () => document.body?.dataset['ready'] === 'true', undefined, 'the demo page to be ready');

/**
 * The page's other transports, each once: axios and ky through their adapters, plain XHR through init()'s
 * patch. Resolves with how many adapters the page marked missing (it does when one failed to load).
 */
export async function callOtherTransports(tab: BrowserTab): Promise<number> {
  await click(tab, '[data-transport="axios"] [data-call="user"]');
  await waitLog(tab, 'GET /api/user → 200 (axios)');
  await click(tab, '[data-transport="ky"] [data-call="echo"]');
  await waitLog(tab, 'POST /api/echo → 200 (ky)');
  await click(tab, '[data-transport="xhr"] [data-call="user"]');
  await waitLog(tab, 'GET /api/user → 200 (xhr)');
  return tab.evaluate(() => document.querySelectorAll('.adapter-missing').length);
}
