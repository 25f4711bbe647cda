import { OpenAPIHono } from '@hono/zod-openapi';
import type { ZodType } from 'zod';
import { zErrorSchema } from '../shared/errors.js';
import type { AppEnv } from './app-env.js';
import { invalidInputFromZod } from './errors.js';

/** A sub-app whose validation failures throw our `invalid_input` error instead of zod's default body. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidInputFromZod(result.error);
    },
  });
}

export const jsonBody = <T extends ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: zErrorSchema } },
  description,
});

/**
 * Rows a refused request (4xx) of an operation still writes on purpose, stated in the document as
 * `x-refusals-recorded` (the fuzz test holds every other refusal to writing nothing): audit
 * events of these kinds, and with `shadowEvents` the reported events, kept unaccepted as shadow access.
 *
 * @example createRoute({ ..., ...refusalsRecorded({ auditKinds: ['gateway.refused'] }) })
 */
export const refusalsRecorded = (records: { auditKinds: string[]; shadowEvents?: boolean }) => ({
  'x-refusals-recorded': records,
});

/** 429 says when to come back; clients should wait at least that long. */
const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } },
} as const;

/** The error responses every signed-in route can give. */
export const errorResponses = {
  400: errorResponse('Invalid input; nothing was written'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed for this user'),
  404: errorResponse('No such resource in this tenant'),
  409: errorResponse('State change not allowed now'),
  413: errorResponse('Request body too large (body_too_large); nothing was written'),
  415: errorResponse('Body not sent as application/json (unsupported_media_type); nothing was written'),
  429: { ...errorResponse('Too many requests; try again after Retry-After seconds'), headers: retryAfter },
} as const;

/**
 * 405 is answered for any documented path with a method it does not list (server/http/method-not-allowed.ts);
 * a plain OpenAPI object, as `registerComponent('responses', …)` takes.
 */
export const methodNotAllowedResponse = {
  description: 'This path does not answer this method (method_not_allowed); `Allow` lists the methods it does',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  headers: {
    Allow: { description: 'The methods this path answers, e.g. `GET, HEAD, POST`', schema: { type: 'string' } },
  },
} as const;
