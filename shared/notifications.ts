import { z } from 'zod';

const zMinutes = (max: number) => z.number().int().min(1).max(max);
const zUserId = z.string().trim().min(1).max(200);

/**
 * Who is told what, and the policies that act on their own: pending requests end after
 * `pendingLimitMinutes`, approvers are reminded after `reminderAfterMinutes`, requesters are warned
 * `expiryWarningMinutes` before expiry, an emergency session unreviewed after
 * `emergencyReviewLimitMinutes` is flagged `review_overdue`; `twoApprovers` asks two distinct
 * approvers for write access and for the named systems.
 */
export const zNotificationPolicySchema = z
  .object({
    pendingLimitMinutes: zMinutes(30 * 24 * 60),
    reminderAfterMinutes: zMinutes(7 * 24 * 60),
    expiryWarningMinutes: zMinutes(60),
    emergencyReviewLimitMinutes: zMinutes(30 * 24 * 60),
    twoApprovers: z.object({
      write: z.boolean(),
      systems: z.array(z.string().trim().min(1).max(100)).max(100),
    }),
    /** Slack user id (`U…`) → directory user id, for people whose Slack email differs from ours. */
    slackUsers: z.record(
      z.string().regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id such as U024BE7LH'),
      zUserId,
    ),
  })
  .meta({ id: 'NotificationPolicy' });
export type NotificationPolicy = z.infer<typeof zNotificationPolicySchema>;

export const defaultNotificationPolicy: NotificationPolicy = {
  pendingLimitMinutes: 24 * 60,
  reminderAfterMinutes: 60,
  expiryWarningMinutes: 5,
  emergencyReviewLimitMinutes: 24 * 60,
  twoApprovers: { write: false, systems: [] },
  slackUsers: {},
};

// A pattern rather than z.url(): the document's validators know no `uri` format, and the rule is
// narrower anyway — https everywhere, plain http only to loopback (the tests' receivers).
const zHttpsOrLoopback = z
  .string()
  .max(2000)
  .regex(
    /^(https:\/\/[^\s/?#]+([/?#]\S*)?|http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?([/?#]\S*)?)$/,
    'must be an https:// URL (http:// only on loopback, for tests)',
  )
  .refine((u) => URL.canParse(u), 'must be a URL')
  .meta({ example: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX' });
const zSinkId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be lower-case letters, digits and dashes, such as splunk-prod')
  .meta({ example: 'splunk-prod' });
/** On PUT a secret may be left out to keep the stored one for the same sink id. */
const zSecret = z.string().min(8).max(500);

export const zWebhookSinkSchema = z.object({
  id: zSinkId,
  kind: z.literal('webhook'),
  url: zHttpsOrLoopback,
  /** Standard Webhooks signing secret, `whsec_<base64>`. */
  secret: z
    .string()
    .max(500)
    .regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, 'must be a Standard Webhooks secret, whsec_<base64>')
    .meta({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }),
});
export const zSplunkSinkSchema = z.object({
  id: zSinkId,
  kind: z.literal('splunk_hec'),
  /** The HEC base URL, e.g. https://splunk.example.com:8088 (the path /services/collector/event is added). */
  url: zHttpsOrLoopback,
  token: zSecret,
  index: z.string().min(1).max(100).optional(),
  sourcetype: z.string().min(1).max(100).optional(),
});
export const zSinkSchema = z.discriminatedUnion('kind', [zWebhookSinkSchema, zSplunkSinkSchema]);
export type Sink = z.infer<typeof zSinkSchema>;

export const zDeliveryChannelsSchema = z.object({
  /** A Slack incoming webhook (https://hooks.slack.com/services/…) for this tenant's messages. */
  slack: z.object({ webhookUrl: zHttpsOrLoopback }).nullable(),
  sinks: z.array(zSinkSchema).max(10),
});
export type DeliveryChannels = z.infer<typeof zDeliveryChannelsSchema>;

/** What PUT takes: secrets may be left out to keep the stored ones (matched by sink id). */
export const zDeliveryChannelsUpdateSchema = z
  .object({
    slack: z.object({ webhookUrl: zHttpsOrLoopback.optional() }).nullable(),
    sinks: z
      .array(
        z.discriminatedUnion('kind', [
          zWebhookSinkSchema.extend({ secret: zWebhookSinkSchema.shape.secret.optional() }),
          zSplunkSinkSchema.extend({ token: zSecret.optional() }),
        ]),
      )
      .max(10)
      .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'names a sink id twice'),
  })
  .meta({ id: 'DeliveryChannelsUpdate' });
export type DeliveryChannelsUpdate = z.infer<typeof zDeliveryChannelsUpdateSchema>;

/** What GET answers: every secret replaced by its last four characters. */
export const zDeliveryChannelsViewSchema = z
  .object({
    slack: z.object({ webhookUrl: z.string(), configured: z.boolean() }).nullable(),
    sinks: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['webhook', 'splunk_hec']),
        url: z.string(),
        secret: z.string().meta({ description: 'Redacted: `…` and the last four characters' }),
        index: z.string().optional(),
        sourcetype: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'DeliveryChannels' });

export const DELIVERY_STATES = ['pending', 'delivered', 'dead', 'skipped'] as const;

export const zDeliverySchema = z
  .object({
    id: z.number(),
    topic: z.string(),
    channel: z.enum(['email', 'slack', 'ticket_note']),
    grantId: z.string().nullable(),
    auditEventId: z.number().nullable(),
    state: z.enum(DELIVERY_STATES),
    attempts: z.number(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
  })
  .meta({ id: 'Delivery' });
export type Delivery = z.infer<typeof zDeliverySchema>;

export const zSiemStreamSchema = z
  .object({
    sinkId: z.string(),
    kind: z.enum(['webhook', 'splunk_hec']),
    deliveredSeq: z.number(),
    headSeq: z.number(),
    behind: z.number(),
    attempts: z.number(),
    failing: z.boolean().meta({ description: 'true after the dead-letter number of failed attempts in a row' }),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
  })
  .meta({ id: 'SiemStream' });
