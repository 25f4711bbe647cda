import { z } from 'zod';

/** Every error the API returns has this shape; `code` is stable, `message` is for people. */
export const zErrorSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'reason_too_vague' }),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'Which fields are wrong and why (400 only).' }),
    }),
  })
  .meta({ id: 'Error' });

export type ApiError = z.infer<typeof zErrorSchema>;
