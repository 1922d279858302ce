/** FDI request bodies and answers: `formFields`, FIELD_ERROR. Bad input is an answer, never a crash. */
import { HttpError } from '../errors.js';

export type FormFields = Record<string, string>;

/** `{formFields: [{id, value}]}` as a map; a 400 for anything else, as the SuperTokens backend answers. */
export function readFormFields(body: unknown): FormFields {
  const fields = (body as { formFields?: unknown } | null | undefined)?.formFields;
  if (!Array.isArray(fields)) throw new HttpError(400, 'Missing input param: formFields');
  const out: FormFields = {};
  for (const field of fields) {
    const { id, value } = (field ?? {}) as { id?: unknown; value?: unknown };
    if (typeof id !== 'string') throw new HttpError(400, 'formFields must be an array of {id, value}');
    out[id] = typeof value === 'string' ? value : '';
  }
  return out;
}

export const fieldError = (id: string, error: string) => ({ status: 'FIELD_ERROR', formFields: [{ id, error }] });

/** The default EmailPassword validators of SuperTokens: the first failing field, or undefined. */
export function validateSignUp(fields: FormFields): ReturnType<typeof fieldError> | undefined {
  const email = fields['email'];
  const password = fields['password'];
  if (email === undefined || email.trim() === '') return fieldError('email', 'Field is not optional');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return fieldError('email', 'Email is invalid');
  if (password === undefined || password === '') return fieldError('password', 'Field is not optional');
  if (password.length < 8 || !/\d/.test(password) || !/[a-z]/i.test(password)) {
    return fieldError('password', 'Password must contain at least 8 characters, including a number');
  }
  return undefined;
}
