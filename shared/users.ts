import { z } from 'zod';
import { zRoleSchema } from './identity.js';

/** A person in the tenant's directory (users who signed in once), for pickers. No tenant, no session. */
export const zDirectoryUserSchema = z
  .object({ id: z.string(), name: z.string(), email: z.string().nullable(), role: zRoleSchema })
  .meta({ id: 'DirectoryUser' });
export type DirectoryUser = z.infer<typeof zDirectoryUserSchema>;

export const zDirectoryUserListSchema = z
  .object({ items: z.array(zDirectoryUserSchema) })
  .meta({ id: 'DirectoryUserList' });

/** `GET /v1/users`: a part of the name, id or e-mail, or the ids to name. */
export const zUserSearchSchema = z.object({
  query: z.string().trim().max(100).optional().meta({ description: 'Part of the name, id or e-mail (any case)' }),
  ids: z
    .string()
    .max(4000)
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : undefined))
    .meta({ description: 'Comma-separated user ids to look up (e.g. the approvers in settings)' }),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
