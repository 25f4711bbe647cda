import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Every error the API returns has this shape; `code` is stable, `message` is for people. */
export const zErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]).meta({
        example: 'reason_too_vague',
        description: 'Stable; the catalogue in shared/error-codes.ts fixes its HTTP status.',
      }),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'Which fields are wrong and why (400 only).' }),
    }),
  })
  .meta({ id: 'Error' });

export type ApiError = z.infer<typeof zErrorSchema>;

export * from './error-codes.js';
