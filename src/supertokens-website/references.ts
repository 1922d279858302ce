import { createDateProvider } from '../state/clock';
import { documentCookieHandler } from '../state/cookies';
import type { CookieHandlerInput, CookieHandlerInterface } from './utils/cookieHandler/types';
import type { DateProviderInput, DateProviderInterface } from './utils/dateProvider/types';
import type { StorageHandler, WindowHandlerInput, WindowHandlerInterface } from './utils/windowHandler/types';

/**
 * The three references supertokens-web-js sets before it calls `init` (cookie jar, window, clock).
 * One module, shared by the main entry and the `utils/*` subpaths, so they see the same instances.
 */

const defaultCookieHandler: CookieHandlerInterface = {
  getCookie: async () => documentCookieHandler.getCookie(),
  setCookie: async (cookie) => documentCookieHandler.setCookie(cookie),
};

export class CookieHandlerReference {
  private static instance: CookieHandlerReference | undefined;
  /** True when the app gave its own jar (the SDK then reads it through a synchronous cache). */
  readonly custom: boolean;
  cookieHandler: CookieHandlerInterface;
  constructor(input?: CookieHandlerInput) {
    this.custom = input !== undefined;
    this.cookieHandler = input ? input(defaultCookieHandler) : defaultCookieHandler;
  }
  static init(input?: CookieHandlerInput): void {
    if (CookieHandlerReference.instance === undefined) CookieHandlerReference.instance = new CookieHandlerReference(input);
  }
  static getReferenceOrThrow(): CookieHandlerReference {
    CookieHandlerReference.init();
    return CookieHandlerReference.instance as CookieHandlerReference;
  }
}

function storageHandler(get: () => Storage): StorageHandler {
  return {
    key: async (i) => get().key(i),
    getItem: async (k) => get().getItem(k),
    clear: async () => get().clear(),
    removeItem: async (k) => get().removeItem(k),
    setItem: async (k, v) => get().setItem(k, v),
    keySync: (i) => get().key(i),
    getItemSync: (k) => get().getItem(k),
    clearSync: () => get().clear(),
    removeItemSync: (k) => get().removeItem(k),
    setItemSync: (k, v) => get().setItem(k, v),
  };
}

const defaultWindowHandler: WindowHandlerInterface = {
  history: {
    replaceState: (data, unused, url) => window.history.replaceState(data, unused, url),
    getState: () => window.history.state,
  },
  location: {
    getHref: () => window.location.href,
    setHref: (href) => {
      window.location.href = href;
    },
    getSearch: () => window.location.search,
    getHash: () => window.location.hash,
    getPathName: () => window.location.pathname,
    assign: (url) => window.location.assign(url),
    getOrigin: () => window.location.origin,
    getHostName: () => window.location.hostname,
    getHost: () => window.location.host,
  },
  getDocument: () => document,
  localStorage: storageHandler(() => window.localStorage),
  sessionStorage: storageHandler(() => window.sessionStorage),
  getWindowUnsafe: () => window,
};

export class WindowHandlerReference {
  private static instance: WindowHandlerReference | undefined;
  readonly custom: boolean;
  windowHandler: WindowHandlerInterface;
  constructor(input?: WindowHandlerInput) {
    this.custom = input !== undefined;
    this.windowHandler = input ? input(defaultWindowHandler) : defaultWindowHandler;
  }
  static init(input?: WindowHandlerInput): void {
    if (WindowHandlerReference.instance === undefined) WindowHandlerReference.instance = new WindowHandlerReference(input);
  }
  static getReferenceOrThrow(): WindowHandlerReference {
    WindowHandlerReference.init();
    return WindowHandlerReference.instance as WindowHandlerReference;
  }
}

/** tabsession's date provider with the reference's "threshold" (how early a claim counts as stale; default 7 s). */
function defaultDateProvider(): DateProviderInterface {
  let threshold = 7;
  return {
    ...createDateProvider(),
    getThresholdInSeconds: () => threshold,
    setThresholdInSeconds: (seconds) => {
      threshold = seconds;
    },
  };
}

export class DateProviderReference {
  private static instance: DateProviderReference | undefined;
  dateProvider: DateProviderInterface;
  constructor(input?: DateProviderInput) {
    this.dateProvider = input ? input() : defaultDateProvider();
  }
  static init(input?: DateProviderInput): void {
    if (DateProviderReference.instance === undefined) DateProviderReference.instance = new DateProviderReference(input);
  }
  static getReferenceOrThrow(): DateProviderReference {
    DateProviderReference.init();
    return DateProviderReference.instance as DateProviderReference;
  }
}
