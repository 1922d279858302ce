/**
 * The JSON of a response body in any of the shapes XHR and axios hand out (text, Blob, ArrayBuffer, or
 * already parsed with `responseType: 'json'`). Used for the claim errors of a 403.
 */
export async function parseJsonBody(body: unknown): Promise<unknown> {
  if (typeof body === 'string') return JSON.parse(body);
  if (typeof Blob !== 'undefined' && body instanceof Blob) return JSON.parse(await body.text());
  if (body instanceof ArrayBuffer) return JSON.parse(new TextDecoder().decode(body));
  return body;
}
