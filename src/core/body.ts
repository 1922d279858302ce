/**
 * The one JSON reader: the body of a fetch `Response` (read from a clone, the caller keeps its own), or
 * any shape XHR and axios hand out (text, Blob, ArrayBuffer, or already parsed with `responseType: 'json'`).
 */
export async function parseJsonBody(body: unknown): Promise<unknown> {
  if (typeof (body as Response | null)?.clone === 'function') body = await (body as Response).clone().text();
  if (typeof body === 'string') return JSON.parse(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return JSON.parse(await body.text());
  if (body instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(body));
  return body;
}
