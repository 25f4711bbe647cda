import { z } from 'zod';
import { GRANT_STATUSES, OPEN_STATUSES, SESSION_END_STATUSES, type GrantStatus } from './grant-rules.js';
import { zCursorSchema, zNextCursorSchema } from './cursor.js';

const zText = (max: number) => z.string().trim().min(1).max(max);

export { GRANT_STATUSES, OPEN_STATUSES, type GrantStatus };
export const zGrantStatusSchema = z.enum(GRANT_STATUSES);

/** A grant id in a path (`/v1/grants/{id}`, `/v1/reviews/{grantId}`, the gateway's `{grantId}`). */
export const zGrantIdSchema = z
  .string()
  .min(1)
  .max(64)
  .meta({ description: 'A grant id, e.g. gr_3f9c2a7b1d4e5f6a7b8c' });

export const zTicketIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a ticket id or issue key such as 48271 or SUP-123')
  .meta({ example: '48271' });
export const zCustomerIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/, 'must be a customer or account id such as 1842')
  .meta({ example: '1842' });

export const zCreateGrantSchema = z
  .object({
    ticketId: zTicketIdSchema,
    reason: z.string().max(2000),
    customerId: zCustomerIdSchema,
    systems: z.array(zText(100)).min(1, 'name at least one system').max(20),
    access: z.enum(['read', 'write']).default('read'),
    writeNeed: zText(1000).optional().meta({ description: 'Required for write access: what must be changed and why.' }),
    durationMinutes: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 60)
      .optional()
      .meta({ description: "One of the tenant's allowedDurationsMinutes; default its defaultDurationMinutes." }),
    maskedDataChecked: z
      .boolean()
      .optional()
      .meta({ description: 'Were masked data, logs or a snapshot tried first?' }),
    unmaskFields: z
      .array(
        z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_.]{1,100}$/, 'must be a field name such as email'),
      )
      .max(50)
      .optional()
      .meta({ description: 'Sensitive fields this case needs to see unmasked (everything else stays masked).' }),
    emergency: z.object({ justification: zText(2000) }).optional(),
    ticketSubject: zText(300)
      .optional()
      .meta({ description: 'The ticket subject as the host shows it; the reason is judged with it (not stored).' }),
    ticketCustomerId: zCustomerIdSchema.optional().meta({
      description:
        "The ticket's own customer as the host reads it (Zendesk: the field the admin picks; Jira: the label). " +
        'A request for another customer is flagged customer_mismatch.',
    }),
  })
  .superRefine((body, ctx) => {
    if (body.access === 'write' && !body.writeNeed) {
      ctx.addIssue({
        code: 'custom',
        path: ['writeNeed'],
        message: 'write access needs a stated need: say what must be changed and why',
      });
    }
    if (new Set(body.systems).size !== body.systems.length) {
      ctx.addIssue({ code: 'custom', path: ['systems'], message: 'names a system twice' });
    }
  })
  .meta({
    id: 'CreateGrant',
    description:
      "Also checked: write access needs writeNeed; systems are unique and each one of the tenant's systems; " +
      'the reason must name what is checked and why (reason_too_vague otherwise).',
    example: {
      ticketId: '48271',
      reason: 'Verify whether the payment gateway returned a failure after the refund job ran for refund 9912',
      customerId: '1842',
      systems: ['billing-db'],
      access: 'read',
      maskedDataChecked: true,
    },
  });
export type CreateGrantInput = z.input<typeof zCreateGrantSchema>;

export const zApproveSchema = z.object({ note: zText(2000).optional() }).meta({ id: 'Approve' });
export const zDenySchema = z.object({ note: zText(2000) }).meta({ id: 'Deny' });
export const zRevokeSchema = z.object({ reason: zText(2000) }).meta({ id: 'Revoke' });

export const zOutcomeSchema = z
  .object({
    summary: zText(4000),
    changedData: z.boolean(),
    changes: zText(4000).optional(),
    exposedBeyondScope: z.boolean(),
    exposureDetails: zText(4000).optional(),
    followUps: zText(4000).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.changedData && !o.changes) {
      ctx.addIssue({ code: 'custom', path: ['changes'], message: 'say what was changed when changedData is true' });
    }
    if (o.exposedBeyondScope && !o.exposureDetails) {
      ctx.addIssue({ code: 'custom', path: ['exposureDetails'], message: 'say what was exposed beyond the scope' });
    }
  })
  .meta({
    id: 'Outcome',
    description: 'Also checked: changedData true needs changes; exposedBeyondScope true needs exposureDetails.',
  });
export type Outcome = z.infer<typeof zOutcomeSchema>;
export const zEndSchema = z.object({ outcome: zOutcomeSchema }).meta({
  id: 'EndGrant',
  example: {
    outcome: { summary: 'Checked refund 9912: the gateway declined it', changedData: false, exposedBeyondScope: false },
  },
});

export const ACCESS_EVENT_KINDS = ['view', 'query', 'export', 'change'] as const;
export const zAccessEventInputSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "must be the reporter's event id (8–64 letters, digits, - or _)")
    .optional()
    .meta({
      description: "The reporter's id for this event; a batch sent again is stored once.",
    }),
  kind: z.enum(ACCESS_EVENT_KINDS),
  target: zText(500).meta({ description: 'What was opened, e.g. `refund 9912` or `billing-db.refunds`.' }),
  fields: z.array(zText(200)).max(500).optional(),
  recordCount: z.number().int().min(0).max(100_000_000).optional(),
  queryName: zText(200).optional(),
  maskedFields: z.array(zText(200)).max(500).optional().meta({ description: 'Fields that were shown masked.' }),
  customerId: zCustomerIdSchema
    .optional()
    .meta({ description: 'The customer the viewed data belongs to, when the tool knows.' }),
  // zod's datetime allows any number of fraction digits: capped like every other string here.
  occurredAt: z.iso
    .datetime()
    .max(35)
    .optional()
    .meta({ description: 'When the tool saw it; defaults to arrival time.' }),
});
/**
 * The largest events batch the server reads (413 `body_too_large` above it): 1000 events of about
 * 1 KB each. A reporter sending larger events sends fewer per batch.
 */
export const ACCESS_EVENTS_MAX_BYTES = 1024 * 1024;
export const zAccessEventsSchema = z
  .object({ events: z.array(zAccessEventInputSchema).min(1, 'send at least one event').max(1000) })
  .meta({
    id: 'AccessEvents',
    description: `At most 1000 events and ${ACCESS_EVENTS_MAX_BYTES / 1024 / 1024} MB of JSON per batch.`,
  });
export type AccessEventInput = z.infer<typeof zAccessEventInputSchema>;

export const zFlagSchema = z.object({
  code: z.enum([
    'long_session',
    'broad_access',
    'after_hours',
    'emergency',
    'write_access',
    'vague_reason',
    'shadow_access',
    'ticket_closed_while_open',
    'review_overdue',
    'customer_mismatch',
  ]),
  reason: z.string(),
  at: z.string(),
});
export type Flag = z.infer<typeof zFlagSchema>;

const zPerson = z.object({ id: z.string(), name: z.string().nullable() });

/** `POST /v1/grants/{id}/extend`: more minutes on an active grant, and why. */
export const zExtendSchema = z
  .object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .meta({ description: "Minutes to add; the grant's total stays within the tenant's maxDurationMinutes." }),
    reason: zText(2000).meta({ description: 'Why more time is needed, e.g. "waiting for the gateway log export"' }),
  })
  .meta({
    id: 'ExtendGrant',
    example: { minutes: 15, reason: 'The gateway log export for refund 9912 is still running' },
  });

/** An extension waiting for an approver (`POST /v1/grants/{id}/extension/approve` or `/deny`). */
export const zPendingExtensionSchema = z.object({
  minutes: z.number(),
  reason: z.string(),
  requestedAt: z.string(),
});
export type PendingExtension = z.infer<typeof zPendingExtensionSchema>;

/** A decided extension: applied by itself (within the admin's self-extension limit), approved or denied. */
export const zGrantExtensionSchema = zPendingExtensionSchema.extend({
  outcome: z.enum(['self', 'approved', 'denied']),
  decidedAt: z.string(),
  by: zPerson.meta({ description: 'The approver, or the requester for a self-extension' }),
  note: z.string().nullable(),
  expiresAt: z.string().meta({ description: 'When the grant expires after this decision' }),
});
export type GrantExtension = z.infer<typeof zGrantExtensionSchema>;

export const zGrantSchema = z
  .object({
    id: z.string(),
    tenant: z.string(),
    ticket: z.object({ id: z.string(), url: z.string().nullable() }),
    requester: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    reason: z.string(),
    reasonVague: z.boolean(),
    customerId: z.string(),
    systems: z.array(z.string()),
    access: z.enum(['read', 'write']),
    writeNeed: z.string().nullable(),
    maskedDataChecked: z.boolean().nullable(),
    unmaskFields: z.array(z.string()),
    emergency: z.object({ justification: z.string() }).nullable(),
    durationMinutes: z.number(),
    status: zGrantStatusSchema.meta({
      description: 'Effective status: a grant past expiresAt reads as expired even before the sweeper records it.',
    }),
    open: z.boolean(),
    requestedAt: z.string(),
    decision: z
      .object({ outcome: z.enum(['approved', 'denied']), by: zPerson, at: z.string(), note: z.string().nullable() })
      .nullable(),
    startBy: z.string().nullable(),
    startedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    endedBy: z.string().nullable().meta({ description: 'User id, or `system` for expiry.' }),
    endedByName: z.string().nullable().meta({ description: 'Display name of who ended it (null for the clock).' }),
    endKind: z.enum(SESSION_END_STATUSES).nullable(),
    endNote: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    durationSeconds: z.number().nullable(),
    outcome: zOutcomeSchema.nullable(),
    flags: z.array(zFlagSchema),
    eventCount: z.number(),
    recordCount: z.number(),
    extensions: z.array(zGrantExtensionSchema).meta({ description: 'Decided extensions, oldest first' }),
    extendedMinutes: z.number().meta({ description: 'Minutes added by applied extensions' }),
    pendingExtension: zPendingExtensionSchema.nullable(),
  })
  .meta({ id: 'Grant' });
export type Grant = z.infer<typeof zGrantSchema>;

export const zAccessEventSchema = z.object({
  id: z.number(),
  kind: z.enum(ACCESS_EVENT_KINDS),
  target: z.string(),
  fields: z.array(z.string()),
  recordCount: z.number().nullable(),
  queryName: z.string().nullable(),
  occurredAt: z.string(),
  actorId: z.string(),
  accepted: z.boolean(),
  source: z.enum(['session', 'grant_token', 'gateway']),
  maskedFields: z.array(z.string()),
  customerId: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
});
export type AccessEvent = z.infer<typeof zAccessEventSchema>;

export const zTimelineEntrySchema = z.object({
  seq: z.number(),
  kind: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

export const zGrantDetailSchema = zGrantSchema
  .extend({ timeline: z.array(zTimelineEntrySchema), accessEvents: z.array(zAccessEventSchema) })
  .meta({ id: 'GrantDetail' });
export type GrantDetail = z.infer<typeof zGrantDetailSchema>;

/** One row of a history list: the grant plus what was viewed, so a list answers all five questions. */
export const zSessionSchema = zGrantSchema.extend({ viewed: z.array(zAccessEventSchema) }).meta({ id: 'Session' });
export type Session = z.infer<typeof zSessionSchema>;
export const zSessionListSchema = z
  .object({ sessions: z.array(zSessionSchema), nextCursor: zNextCursorSchema })
  .meta({ id: 'SessionList' });

/** The date range, page size and page of a session list (by ticket, customer or agent). */
export const zSessionRangeSchema = z.object({
  from: z.iso.datetime().optional().meta({ description: 'Requested at or after (ISO-8601)' }),
  to: z.iso.datetime().optional().meta({ description: 'Requested before (ISO-8601)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(50).meta({ description: 'Sessions per page' }),
  cursor: zCursorSchema,
});

/**
 * `status=pending,active`: the pattern is built from the status enum, so the document lists the same
 * values. Empty means no filter.
 */
const STATUS = `(?:${GRANT_STATUSES.join('|')})`;
const zStatusList = z
  .string()
  .regex(
    new RegExp(`^(?:${STATUS}(?:,${STATUS})*)?$`),
    `must be a comma-separated list of ${GRANT_STATUSES.join(', ')}`,
  )
  .optional()
  .transform((v) => (v ? (v.split(',') as GrantStatus[]) : undefined))
  .meta({ description: `Comma-separated statuses, any of ${GRANT_STATUSES.join(', ')}`, example: 'pending,active' });

/** `GET /v1/grants`: search sessions by ticket, customer, agent, stored status and date range. */
export const zSessionSearchSchema = zSessionRangeSchema.extend({
  status: zStatusList,
  ticketId: zTicketIdSchema.optional(),
  customerId: zCustomerIdSchema.optional(),
  requesterId: z.string().min(1).max(200).optional(),
  agent: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'An agent by id or by part of their name (`Ann` finds agent-ann)', example: 'Ann' }),
  flag: z
    .enum([...zFlagSchema.shape.code.options, 'any'])
    .optional()
    .meta({ description: 'Only sessions that raised this flag (`any`: any flag)' }),
});

export const zCloseCheckSchema = z
  .object({
    canClose: z.boolean(),
    openGrants: z.array(zGrantSchema),
    message: z.string().meta({ description: 'What to tell the agent, naming each open grant and how to end it.' }),
  })
  .meta({ id: 'CloseCheck' });
export type CloseCheck = z.infer<typeof zCloseCheckSchema>;

export const zEventsAcceptedSchema = z
  .object({
    accepted: z.number(),
    grantId: z.string(),
    shadow: z
      .number()
      .optional()
      .meta({ description: 'Events kept but outside the active window of the grant (flagged as shadow access).' }),
    duplicates: z.number().optional().meta({ description: 'Events already stored under the same id.' }),
  })
  .meta({ id: 'EventsAccepted' });

export const zGrantTokenSchema = z
  .object({
    token: z.string(),
    expiresAt: z.string(),
    grantId: z.string(),
    customerId: z.string(),
    jwksUrl: z.string(),
  })
  .meta({ id: 'GrantToken' });

export const zGrantCheckSchema = z
  .object({
    grantId: z.string(),
    active: z.boolean(),
    status: zGrantStatusSchema,
    customerId: z.string(),
    expiresAt: z.string().nullable(),
    requesterId: z.string(),
  })
  .meta({ id: 'GrantCheck' });
