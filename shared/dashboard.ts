import { z } from 'zod';
import { zFlagSchema } from './grants.js';

/** Days the dashboard's charts and period counts cover, ending now. */
export const DASHBOARD_DAYS = 30;

/**
 * `GET /v1/dashboard`: the console's landing figures, each a count the console links to the list
 * that shows those sessions. Period figures cover the last `DASHBOARD_DAYS` days (UTC days).
 */
export const zDashboardSchema = z
  .object({
    at: z.string().meta({ description: 'When the figures were read' }),
    from: z.string().meta({ description: 'Start of the period (the charts and the period counts)' }),
    open: z.object({
      active: z.number().meta({ description: 'Active sessions with time left' }),
      approved: z.number().meta({ description: 'Approved, not started, start window still open' }),
      pending: z.number().meta({ description: 'Requests waiting for a decision' }),
    }),
    waitingForMe: z.number().meta({ description: 'Pending requests of others the caller may approve now' }),
    reviews: z.object({
      waiting: z.number().meta({ description: 'Flagged sessions that are over and have no verdict yet' }),
      oldest: z.object({ grantId: z.string(), flaggedAt: z.string(), waitingHours: z.number() }).nullable(),
    }),
    sessionsPerDay: z.array(z.object({ day: z.string(), sessions: z.number() })),
    flagsPerKind: z.partialRecord(zFlagSchema.shape.code, z.number()),
    afterHours: z.number(),
    emergency: z.number(),
  })
  .meta({ id: 'Dashboard' });
export type Dashboard = z.infer<typeof zDashboardSchema>;
