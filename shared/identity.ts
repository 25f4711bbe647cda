import { z } from 'zod';
import { ROLES } from './roles.js';

export { highestRole, ROLES, type Role } from './roles.js';

export const zRoleSchema = z.enum(ROLES);

/** Who is signed in, as the server established it (never from what the browser claims). */
export const zUserSchema = z
  .object({ tenant: z.string(), id: z.string(), name: z.string(), email: z.string(), role: zRoleSchema })
  .meta({ id: 'User' });
export type User = z.infer<typeof zUserSchema>;

/** `GET /v1/me`. */
export const zMeSchema = z.object({ user: zUserSchema }).meta({ id: 'Me' });
export type Me = z.infer<typeof zMeSchema>;

/** `POST /auth/zendesk/session`: the signed token Zendesk gave the app, as a form field or JSON. */
export const zZendeskTokenSchema = z
  .object({ token: z.string().max(16_384).meta({ description: 'The JWT Zendesk signs for the app (signed URLs)' }) })
  .meta({ id: 'ZendeskToken' });

/** `POST /auth/zendesk/session` answers with our session for the iframe. */
export const zSessionTokenSchema = z
  .object({ token: z.string(), expiresAt: z.string(), user: zUserSchema })
  .meta({ id: 'SessionToken', description: 'Our session token: send it as `Authorization: Bearer …` until expiresAt' });
export type SessionToken = z.infer<typeof zSessionTokenSchema>;

/** `POST /auth/logout`: the session cookie is cleared. */
export const zLoggedOutSchema = z.object({ ok: z.literal(true) }).meta({ id: 'LoggedOut' });
export type LoggedOut = z.infer<typeof zLoggedOutSchema>;

/** `GET /v1/people?ids=`: display names for user ids (approvers, the rota), so no screen shows a raw id. */
export const zPeopleQuerySchema = z.object({
  ids: z
    .string()
    .min(1)
    .max(4000)
    .regex(/^[^,]+(,[^,]+)*$/, 'must be a comma-separated list of user ids')
    .meta({ description: 'Comma-separated user ids, at most 200', example: 'lead-lee,admin-ada' }),
});
export const zPeopleSchema = z
  .object({
    people: z.array(
      z.object({
        id: z.string(),
        name: z.string().nullable().meta({ description: 'null when the user has never signed in here' }),
      }),
    ),
  })
  .meta({ id: 'People' });
export type People = z.infer<typeof zPeopleSchema>;
