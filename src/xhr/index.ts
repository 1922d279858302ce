import { patchXMLHttpRequest, type XMLHttpRequestPatch } from '../transports/xhr/install';

export type { XMLHttpRequestPatch };

/**
 * `tabsession/xhr`: the XMLHttpRequest patch, opt-in. Pass it to `init()` and code that uses
 * `XMLHttpRequest` (axios's default adapter, older libraries) gets the session too; apps on fetch, ky or
 * axios's fetch adapter leave it out and do not bundle it. The script-tag build and
 * `tabsession/supertokens-website` turn it on by themselves, as supertokens-website does.
 *
 * @example
 * import { init } from 'tabsession';
 * import { xhr } from 'tabsession/xhr';
 * init({ apiDomain: 'https://api.example.com', interceptXMLHttpRequest: xhr });
 */
export const xhr: XMLHttpRequestPatch = { kind: 'XMLHttpRequest', install_: patchXMLHttpRequest };
