import { z } from 'zod';

/** Where a page of a newest-first list ended: the last row's time (ISO-8601) and id. */
export interface ListCursor {
  at: string;
  id: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

// base64url over UTF-8 with btoa/atob, so the same code runs in the browser and in Node.
const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): string | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * The opaque `cursor` a list answers as `nextCursor`: base64url of `[at, id]`.
 *
 * @example encodeCursor({ at: '2026-11-23T09:00:00.000Z', id: 'gr_3f9c' }) // 'WyIyMDI2LTEx…'
 */
export const encodeCursor = (cursor: ListCursor): string => toBase64Url(JSON.stringify([cursor.at, cursor.id]));

/**
 * The cursor back, or undefined when it is not one this server wrote (the query schema answers 400).
 *
 * @example decodeCursor(encodeCursor({ at, id })) // { at, id }
 */
export function decodeCursor(text: string): ListCursor | undefined {
  const json = fromBase64Url(text);
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [at, id] = value;
  if (typeof at !== 'string' || !ISO.test(at) || typeof id !== 'string' || id.length === 0 || id.length > 200)
    return undefined;
  return { at, id };
}

/** `cursor` in a list's query: validated and decoded, so a bad one is a 400 naming `cursor`. */
export const zCursorSchema = z
  .string()
  .max(600)
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text === '') return undefined;
    const cursor = decodeCursor(text);
    if (!cursor) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this server gave out (pass back `nextCursor` as is)' });
      return z.NEVER;
    }
    return cursor;
  })
  .meta({
    description: 'Where to go on: the `nextCursor` of the previous page, as is. Leave out for the first page.',
    example: 'WyIyMDI2LTExLTIzVDA5OjAwOjAwLjAwMFoiLCJncl8zZjljIl0',
  });

/** `nextCursor` in a list's answer. */
export const zNextCursorSchema = z
  .string()
  .nullable()
  .meta({ description: 'Pass as `cursor` for the next page; null on the last page.' });
