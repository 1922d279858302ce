/**
 * Replaces a global. Defined rather than assigned: msw and some environments make `fetch` or
 * `XMLHttpRequest` read-only (but configurable).
 */
export function replaceGlobal(name: 'fetch' | 'XMLHttpRequest', value: unknown): void {
  const enumerable = Object.getOwnPropertyDescriptor(globalThis, name)?.enumerable ?? true;
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable });
}
