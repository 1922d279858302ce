import { beforeAll, describe, expect, test } from 'vitest';
import { click, fill, textOf, waitForText, waitForUrl } from './support/dom';
import type { BrowserTab, Engine } from './support/drivers';
import { bundlePage, type Variant } from './support/dropin';
import { enginesExcept, useBrowser, useWorld, type World } from './support/fixtures';

// An app built on supertokens-auth-react 0.51 (React 18, EmailPassword + EmailVerification prebuilt UI,
// a SessionAuth page), unchanged, in every engine (Chromium, Firefox, WebKit): with the supertokens-website
// alias to tabsession, and with the real supertokens-website 20 against the same mock backend.
const bundles = new Map<Variant, string>();
const VARIANTS: Variant[] = ['tabsession', 'supertokens-website'];
const POLL = { timeout: 20_000 };

/**
 * Engines left out of this file, each with why. WebKitGTK (MiniBrowser over WebDriver): the sign-up form
 * of the prebuilt UI is filled and its submit button clicked by script (support/dom.ts), but no request
 * reaches the backend and the page stays on the form (the same for both variants, so not the SDK);
 * not yet diagnosed (the scripted input events or click in the shadow root are the suspects).
 */
const EXCLUDED: Partial<Record<Engine, string>> = { webkit: 'scripted sign-up in the prebuilt UI never submits (undiagnosed)' };
const APP_ENGINES = enginesExcept(EXCLUDED);

beforeAll(async () => {
  for (const v of VARIANTS) bundles.set(v, await bundlePage('test/e2e/fixtures/auth-react-app.jsx', v));
});

/** The app's pages (/, /login..., /protected) are one HTML shell and the bundle; the backend answers the rest. */
function serveApp(world: World, variant: Variant): void {
  world.backend.serve((path) => {
    if (path === '/app.js') return { type: 'text/javascript', body: bundles.get(variant)! };
    if (path === '/' || path.startsWith('/login') || path.startsWith('/protected')) {
      return { type: 'text/html', body: '<!doctype html><html><body><div id="root"></div><script src="/app.js"></script></body></html>' };
    }
    return undefined;
  });
}

async function verificationToken(world: World, email: string): Promise<string> {
  const url = `${world.backend.url}/__mock/fdi/verification-token?email=${encodeURIComponent(email)}`;
  await expect.poll(async () => (await fetch(url)).status, POLL).toBe(200);
  return ((await (await fetch(url)).json()) as { token: string }).token;
}

async function signUpThroughTheForm(world: World, email: string): Promise<BrowserTab> {
  const page = await world.profile.newTab(`${world.backend.url}/login?show=signup`);
  await fill(page, 'input[name="email"]', email);
  await fill(page, 'input[name="password"]', 'secret123');
  await click(page, 'button[type="submit"]');
  // EmailVerification is REQUIRED: the app sends the verification email and says so.
  await waitForUrl(page, /\/login\/verify-email/);
  return page;
}

describe.each(APP_ENGINES)('%s', (engine) => {
  const world = useWorld(useBrowser(engine));

describe.each(VARIANTS)('supertokens-auth-react 0.51 with %s', (variant) => {
  test('sign up through the form, verify the email, reach the protected page; after expiry the next API call refreshes once; sign out', async () => {
    serveApp(world, variant);
    const page = await signUpThroughTheForm(world, 'react@example.com');
    // The link of the email: the prebuilt UI verifies the token.
    const token = await verificationToken(world, 'react@example.com');
    await page.goto(`${world.backend.url}/login/verify-email?token=${token}&tenantId=public`);
    await waitForText(page, '*', 'Email verification successful!');

    await page.goto(`${world.backend.url}/protected`);
    await expect.poll(() => textOf(page, '#user'), POLL).toMatch(/^[0-9a-f-]{36}$/);

    world.backend.control.expire();
    const before = world.backend.control.stats().refreshCalls;
    await click(page, '#call-api');
    await expect.poll(() => textOf(page, '#api-status'), POLL).toBe('200');
    expect(world.backend.control.stats().refreshCalls - before).toBe(1);

    await click(page, '#sign-out');
    await waitForUrl(page, /\/login$/);
    expect(world.backend.control.stats().signOuts).toBe(1);
    expect(world.backend.control.sessions().every((s) => s.revoked)).toBe(true);
    // The protected page now sends the user to the sign-in page.
    await page.goto(`${world.backend.url}/protected`);
    await waitForUrl(page, /\/login/);
  });
});
});
