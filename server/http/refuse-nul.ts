import type { Context, MiddlewareHandler } from 'hono';
import { errors, type ErrorIssue } from '../errors.js';

const NUL = '\u0000';
const MAX_ISSUES = 10;
const NUL_MESSAGE = 'must not contain NUL characters (\\u0000)';
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)/i;

/** Keys and paths go back to the client: show a NUL as `\u0000` rather than as the character. */
const printable = (s: string) => s.replaceAll(NUL, '\\u0000');

function rawPath(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  const end = url.search(/[?#]/);
  return url.slice(start, end === -1 ? undefined : end);
}

/** Every string and key in a parsed JSON value that holds a NUL, as dotted paths under `body`. */
function nulsInJson(value: unknown, path: string, found: ErrorIssue[]): void {
  if (found.length >= MAX_ISSUES) return;
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push({ path, message: NUL_MESSAGE });
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) nulsInJson(item, `${path}.${i}`, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) found.push({ path: `${path}.${printable(key)}`, message: `field name ${NUL_MESSAGE}` });
      nulsInJson(item, `${path}.${printable(key)}`, found);
    }
  }
}

async function nulsInBody(c: Context): Promise<ErrorIssue[]> {
  const found: ErrorIssue[] = [];
  if (FORM_TYPE.test(c.req.header('content-type') ?? '')) {
    // parseBody is cached on the request, so the route reads the same parsed form afterwards.
    const form = await c.req.parseBody({ all: true }).catch(() => ({}));
    for (const [key, value] of Object.entries(form)) {
      const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
      if (key.includes(NUL) || strings.some((s) => s.includes(NUL))) {
        found.push({ path: `body.${printable(key)}`, message: NUL_MESSAGE });
      }
    }
    return found;
  }
  // Any other body is text to this API (JSON above all). Only a body that holds a NUL, raw or as a
  // JSON escape, is parsed here — the route parses it again from the cached text as it always did.
  const text = await c.req.text();
  if (!text.includes(NUL) && !text.includes('\\u0000')) return found;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.includes(NUL) ? [{ path: 'body', message: NUL_MESSAGE }] : found;
  }
  nulsInJson(json, 'body', found);
  return found;
}

/**
 * Refuses NUL characters at the edge, before sign-in and before anything touches the database
 * (PostgreSQL cannot store U+0000 in text and would answer 500): in the decoded path, in each
 * query parameter, in every string and key of a JSON body, and in form fields. Also refuses a
 * path whose percent-encoding is malformed (`/assets/%E0%A4%A`), which would otherwise throw
 * URIError wherever the path is decoded. Both answer 400 `invalid_input` naming the field.
 *
 * @example app.use('*', refuseNul()); // then authentication, then the routes
 */
export function refuseNul(): MiddlewareHandler {
  return async (c, next) => {
    const url = c.req.url;
    let path: string;
    try {
      path = decodeURIComponent(rawPath(url));
    } catch {
      const issue = { path: 'path', message: 'is not valid percent-encoded UTF-8' };
      throw errors.invalidInput('The path has malformed percent-encoding', [issue]);
    }
    const issues: ErrorIssue[] = path.includes(NUL) ? [{ path: 'path', message: NUL_MESSAGE }] : [];
    if (url.includes('?')) {
      for (const [key, value] of new URL(url).searchParams) {
        if (key.includes(NUL) || value.includes(NUL)) {
          issues.push({ path: `query.${printable(key)}`, message: NUL_MESSAGE });
        }
      }
    }
    if (c.req.raw.body) issues.push(...(await nulsInBody(c)));
    if (issues.length > 0) {
      const shown = issues.slice(0, MAX_ISSUES);
      throw errors.invalidInput(`Invalid request: ${shown.map((i) => `${i.path}: ${i.message}`).join('; ')}`, shown);
    }
    await next();
  };
}
