import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { bundlePage, type Variant } from './support/dropin';
import { useWorld } from './support/fixtures';

// An app built on supertokens-auth-react 0.51 (React 18, EmailPassword + EmailVerification prebuilt UI,
// a SessionAuth page), unchanged, in real Chromium: with the supertokens-website alias to tabsession,
// and with the real supertokens-website 20 against the same mock backend.
const world = useWorld();
const bundles = new Map<Variant, string>();
const VARIANTS: Variant[] = ['tabsession', 'supertokens-website'];
let variant: Variant;

beforeAll(async () => {
  for (const v of VARIANTS) bundles.set(v, await bundlePage('test/e2e/fixtures/auth-react-app.jsx', v));
});

// The app's pages (/, /login..., /protected) are one HTML shell and the bundle; the backend answers the rest.
beforeEach(async () => {
  await world.context.route(
    (url) => url.pathname === '/' || url.pathname === '/app.js' || url.pathname.startsWith('/login') || url.pathname.startsWith('/protected'),
    (route) => {
      const isScript = new URL(route.request().url()).pathname === '/app.js';
      return route.fulfill(
        isScript
          ? { contentType: 'text/javascript', body: bundles.get(variant)! }
          : { contentType: 'text/html', body: '<!doctype html><html><body><div id="root"></div><script src="/app.js"></script></body></html>' },
      );
    },
  );
});

async function verificationToken(email: string): Promise<string> {
  const url = `${world.backend.url}/__mock/fdi/verification-token?email=${encodeURIComponent(email)}`;
  await expect.poll(async () => (await fetch(url)).status, { timeout: 20_000 }).toBe(200);
  return ((await (await fetch(url)).json()) as { token: string }).token;
}

async function signUpThroughTheForm(page: Page, email: string): Promise<void> {
  await page.goto(`${world.backend.url}/login?show=signup`);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill('secret123');
  await page.locator('button[type="submit"]').click();
  // EmailVerification is REQUIRED: the app sends the verification email and says so.
  await page.waitForURL(/\/login\/verify-email/);
}

describe.each(VARIANTS)('supertokens-auth-react 0.51 with %s', (v) => {
  test('sign up through the form, verify the email, reach the protected page; after expiry the next API call refreshes once; sign out', async () => {
    variant = v;
    const page = await world.context.newPage();
    await signUpThroughTheForm(page, 'react@example.com');
    // The link of the email: the prebuilt UI verifies the token.
    const token = await verificationToken('react@example.com');
    await page.goto(`${world.backend.url}/login/verify-email?token=${token}&tenantId=public`);
    await page.getByText('Email verification successful!').waitFor();

    await page.goto(`${world.backend.url}/protected`);
    await expect.poll(() => page.locator('#user').textContent(), { timeout: 20_000 }).toMatch(/^[0-9a-f-]{36}$/);

    world.backend.control.expire();
    const before = world.backend.control.stats().refreshCalls;
    await page.locator('#call-api').click();
    await expect.poll(() => page.locator('#api-status').textContent(), { timeout: 20_000 }).toBe('200');
    expect(world.backend.control.stats().refreshCalls - before).toBe(1);

    await page.locator('#sign-out').click();
    await page.waitForURL(/\/login$/);
    expect(world.backend.control.stats().signOuts).toBe(1);
    expect(world.backend.control.sessions().every((s) => s.revoked)).toBe(true);
    // The protected page now sends the user to the sign-in page.
    await page.goto(`${world.backend.url}/protected`);
    await page.waitForURL(/\/login/);
  });
});
