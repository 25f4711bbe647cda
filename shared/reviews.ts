import { z } from 'zod';
import { zNextCursorSchema } from './cursor.js';
import { zFlagSchema, zSessionSchema } from './grants.js';

export const zReviewVerdictSchema = z.enum(['ok', 'concern']);

export const zReviewInputSchema = z
  .object({
    verdict: zReviewVerdictSchema,
    note: z.string().trim().min(3, 'say what you checked (at least a few words)').max(4000),
  })
  .meta({ id: 'ReviewInput' });

export const zReviewSchema = z.object({
  grantId: z.string(),
  verdict: zReviewVerdictSchema,
  note: z.string(),
  reviewer: z.object({ id: z.string(), name: z.string() }),
  reviewedAt: z.string(),
});
export type Review = z.infer<typeof zReviewSchema>;

export const zReviewItemSchema = zSessionSchema.extend({ review: zReviewSchema.nullable() }).meta({ id: 'ReviewItem' });
export type ReviewItem = z.infer<typeof zReviewItemSchema>;
export const zReviewQueueSchema = z
  .object({ items: z.array(zReviewItemSchema), nextCursor: zNextCursorSchema })
  .meta({ id: 'ReviewQueue' });

export const zReviewSummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    flaggedSessions: z.number(),
    perFlag: z.record(zFlagSchema.shape.code, z.number()),
    reviewed: z.object({ ok: z.number(), concern: z.number() }),
    unreviewed: z.number(),
    oldestWaiting: z.object({ grantId: z.string(), flaggedAt: z.string(), waitingHours: z.number() }).nullable(),
  })
  .meta({ id: 'ReviewSummary' });
export type ReviewSummary = z.infer<typeof zReviewSummarySchema>;
