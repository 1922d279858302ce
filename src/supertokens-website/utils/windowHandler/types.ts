export type StorageHandler = {
  key: (index: number) => Promise<string | null>;
  getItem: (key: string) => Promise<string | null>;
  clear: () => Promise<void>;
  removeItem: (key: string) => Promise<void>;
  setItem: (key: string, value: string) => Promise<void>;
  keySync: (index: number) => string | null;
  getItemSync: (key: string) => string | null;
  clearSync: () => void;
  removeItemSync: (key: string) => void;
  setItemSync: (key: string, value: string) => void;
};
export type WindowHandlerInterface = {
  history: {
    replaceState: (data: unknown, unused: string, url?: string | null) => void;
    getState: () => unknown;
  };
  location: {
    getHref: () => string;
    setHref: (href: string) => void;
    getSearch: () => string;
    getHash: () => string;
    getPathName: () => string;
    assign: (url: string | URL) => void;
    getOrigin: () => string;
    getHostName: () => string;
    getHost: () => string;
  };
  getDocument: () => Document;
  localStorage: StorageHandler;
  sessionStorage: StorageHandler;
  getWindowUnsafe: () => typeof window;
};
export type WindowHandlerInput = (original: WindowHandlerInterface) => WindowHandlerInterface;
