// @vitest-environment node
// Server rendering: no document, no init(). useSession() must render the loading snapshot and touch nothing.
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { expect, it } from 'vitest';
import { useSession } from 'tabsession/react';

it('renders { loading: true } on the server without init() and without browser APIs', () => {
  expect(typeof document).toBe('undefined');
  function Status() {
    return createElement('p', null, JSON.stringify(useSession()));
  }
  expect(renderToString(createElement(Status))).toBe(`<p>${JSON.stringify({ loading: true, exists: false }).replace(/"/g, '&quot;')}</p>`);
});
