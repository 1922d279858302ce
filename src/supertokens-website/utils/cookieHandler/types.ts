/** The cookie jar supertokens-website apps inject: asynchronous, `document.cookie` format. */
export type CookieHandlerInterface = {
  setCookie: (cookieString: string) => Promise<void>;
  getCookie: () => Promise<string>;
};
export type CookieHandlerInput = (original: CookieHandlerInterface) => CookieHandlerInterface;
