import { z } from 'zod';
import { ROLES } from './settings.js';

/** Who is signed in, as the server established it (never from what the browser claims). */
export const zUserSchema = z
  .object({ tenant: z.string(), id: z.string(), name: z.string(), email: z.string(), role: z.enum(ROLES) })
  .meta({ id: 'User' });
export type User = z.infer<typeof zUserSchema>;

export const zMeSchema = z.object({ user: zUserSchema }).meta({ id: 'Me' });

/** `POST /auth/zendesk/session`: the signed token Zendesk gave the app, as a form field or JSON. */
export const zZendeskTokenSchema = z
  .object({ token: z.string().max(16_384).meta({ description: 'The JWT Zendesk signs for the app (signed URLs)' }) })
  .meta({ id: 'ZendeskToken' });

export const zSessionTokenSchema = z
  .object({ token: z.string(), expiresAt: z.string(), user: zUserSchema })
  .meta({ id: 'SessionToken', description: 'Our session token: send it as `Authorization: Bearer …` until expiresAt' });
