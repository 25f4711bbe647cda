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

const errorResponse = (description: string) => ({ content: { 'application/json': { schema: zErrorSchema } }, description });

/** The error responses every signed-in route can give. */
export const errorResponses = {
  400: errorResponse('Invalid input; nothing was written'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not allowed for this user'),
  404: errorResponse('No such resource in this tenant'),
  409: errorResponse('State change not allowed now'),
} as const;

/** For routes that answer 429 when a caller is refused too often. */
export const rateLimitedResponse = {
  429: errorResponse('Too many refused requests; wait for Retry-After seconds'),
} as const;
