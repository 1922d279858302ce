/**
 * The retried request is the same request, in every engine: every fetch body kind, sent through the patched
 * window.fetch on an expired access token, reaches the backend twice (the 401, then the retry after the
 * one refresh) with the same bytes and Content-Type. Includes what happy-dom cannot model: a Request
 * input with an init that overrides its body, and a ReadableStream body (buffered once by the SDK).
 */
import { describe, expect, test } from 'vitest';
import { openTab, pageErrors } from './support/harness';
import { ENGINES, useBrowser, useWorld } from './support/fixtures';

const KINDS = ['string', 'json', 'URLSearchParams', 'FormData', 'Blob', 'ArrayBuffer', 'ReadableStream', 'Request', 'Request+init'] as const;

describe.each(ENGINES)('%s', (engine) => {
  const world = useWorld(useBrowser(engine));

  test.each(KINDS)('%s body: replayed byte for byte after the refresh', async (kind) => {
    const { backend, profile } = world;
    const tab = await openTab(profile, backend.url);
    expect((await tab.page.evaluate(() => window.h.signIn())).status).toBe(200);
    backend.control.expire();

    const echo = await tab.page.evaluate(async (kind) => {
      const url = '/api/echo';
      const text = 'tabsession ✓ body';
      let response: Response;
      switch (kind) {
        case 'string':
          response = await fetch(url, { method: 'POST', body: text });
          break;
        case 'json':
          response = await fetch(url, { method: 'POST', body: JSON.stringify({ text }), headers: { 'content-type': 'application/json' } });
          break;
        case 'URLSearchParams':
          response = await fetch(url, { method: 'POST', body: new URLSearchParams({ text }) });
          break;
        case 'FormData': {
          const form = new FormData();
          form.append('text', text);
          response = await fetch(url, { method: 'POST', body: form });
          break;
        }
        case 'Blob':
          response = await fetch(url, { method: 'POST', body: new Blob([text], { type: 'application/x-tabsession' }) });
          break;
        case 'ArrayBuffer':
          response = await fetch(url, { method: 'POST', body: new TextEncoder().encode(text).buffer as ArrayBuffer });
          break;
        case 'ReadableStream':
          response = await fetch(url, { method: 'POST', body: new Blob([text]).stream(), duplex: 'half' } as RequestInit);
          break;
        case 'Request':
          response = await fetch(new Request(url, { method: 'PUT', body: text, headers: { 'x-test': 'from request' } }));
          break;
        case 'Request+init':
          response = await fetch(new Request(url, { method: 'POST', body: 'old body' }), { method: 'PATCH', body: text });
          break;
      }
      return { status: response.status, echo: (await response.json()) as { method: string; contentType: string | null; bodyBase64?: string } };
    }, kind);

    expect(echo.status).toBe(200);
    expect(backend.control.stats().refreshCalls).toBe(1);
    const attempts = backend.requests('/api/echo');
    expect(attempts.map((r) => r.status)).toEqual([401, 200]);
    // What the retry carried is what the app sent.
    const body = Buffer.from(echo.echo.bodyBase64 ?? '', 'base64').toString('utf8');
    const expected: Record<(typeof KINDS)[number], { method: string; body: RegExp; contentType: RegExp }> = {
      string: { method: 'POST', body: /^tabsession ✓ body$/, contentType: /^text\/plain/ },
      json: { method: 'POST', body: /^\{"text":"tabsession ✓ body"\}$/, contentType: /^application\/json/ },
      URLSearchParams: { method: 'POST', body: /^text=tabsession\+%E2%9C%93\+body$/, contentType: /^application\/x-www-form-urlencoded/ },
      FormData: { method: 'POST', body: /name="text"\r\n\r\ntabsession ✓ body\r\n/, contentType: /^multipart\/form-data; boundary=/ },
      Blob: { method: 'POST', body: /^tabsession ✓ body$/, contentType: /^application\/x-tabsession/ },
      ArrayBuffer: { method: 'POST', body: /^tabsession ✓ body$/, contentType: /.*/ },
      ReadableStream: { method: 'POST', body: /^tabsession ✓ body$/, contentType: /.*/ },
      Request: { method: 'PUT', body: /^tabsession ✓ body$/, contentType: /^text\/plain/ },
      'Request+init': { method: 'PATCH', body: /^tabsession ✓ body$/, contentType: /^text\/plain/ },
    };
    expect(echo.echo.method).toBe(expected[kind].method);
    expect(body).toMatch(expected[kind].body);
    expect(echo.echo.contentType ?? '').toMatch(expected[kind].contentType);
    expect(await pageErrors(tab)).toEqual([]);
  });
});
