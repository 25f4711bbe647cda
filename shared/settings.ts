import { z } from 'zod';
import { zRoleSchema as zRole } from './identity.js';
import { WEEKDAYS, clockMinutes, isValidTimeZone } from './time.js';

const zClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const zUserId = z.string().trim().min(1).max(200);
const zMinutes = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 60);

export const zBusinessHoursSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1, 'name at least one business day'),
  start: zClock,
  end: zClock,
  timeZone: z
    .string()
    .max(64)
    .refine(isValidTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .meta({ description: 'An IANA time zone the server knows, such as `Europe/Berlin`', example: 'Europe/Berlin' }),
});

/** How host roles become ours. `null` means "no access". */
export const zRoleMappingSchema = z.object({
  zendesk: z.object({
    admin: zRole.nullable(),
    agent: zRole.nullable(),
    /** Zendesk custom role id → role; wins over the base role. */
    customRoles: z.record(z.string().regex(/^\d+$/, 'must be a Zendesk custom role id'), zRole.nullable()),
  }),
  jira: z.object({
    /** Jira group name → role; the highest mapped group wins. */
    groups: z.record(z.string().min(1), zRole),
    defaultRole: zRole.nullable(),
  }),
});
export type RoleMapping = z.infer<typeof zRoleMappingSchema>;

export const defaultRoleMapping: RoleMapping = {
  zendesk: { admin: 'admin', agent: 'agent', customRoles: {} },
  jira: { groups: { 'jira-admins': 'admin', 'site-admins': 'admin' }, defaultRole: 'agent' },
};

/**
 * Where the Zendesk sidebar finds the ticket's customer: the requester's organisation external id
 * (then the requester's own, as before this setting), only the requester's external id, or a
 * custom ticket field. Jira reads the `customer-<id>` label instead.
 */
export const TICKET_CUSTOMER_SOURCES = ['organization_external_id', 'requester_external_id', 'custom_field'] as const;
export const zTicketCustomerFieldSchema = z
  .object({
    source: z.enum(TICKET_CUSTOMER_SOURCES),
    customFieldId: z
      .number()
      .int()
      .positive()
      .nullable()
      .meta({ description: 'The Zendesk ticket field id, for source custom_field' }),
  })
  .refine((f) => f.source !== 'custom_field' || f.customFieldId !== null, {
    path: ['customFieldId'],
    message: 'name the custom ticket field id when the source is custom_field',
  });

/** The settings added after the first release: PUT may leave them out to keep the current value. */
const zLaterSettings = {
  selfExtendMaxMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .meta({
      description:
        'Extensions of at most this many minutes apply at once without an approver; 0 = every extension needs approval',
    }),
  ticketCustomerField: zTicketCustomerFieldSchema,
};

const zSettingsFields = z.object({
  defaultDurationMinutes: zMinutes,
  maxDurationMinutes: zMinutes,
  allowedDurationsMinutes: z.array(zMinutes).min(1).max(20),
  startWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  businessHours: zBusinessHoursSchema,
  approvers: z.array(zUserId).min(1, 'name at least one approver').max(200),
  afterHoursApprovers: z.array(zUserId).max(200),
  systems: z.array(z.string().trim().min(1).max(100)).min(1, 'name at least one system').max(100),
  reviewThresholds: z.object({
    longSessionMinutes: zMinutes,
    broadAccessRecords: z.number().int().min(1).max(10_000_000),
  }),
  retentionDays: z.number().int().min(30).max(3650),
  roleMapping: zRoleMappingSchema,
  ...zLaterSettings,
});

type SettingsFields = z.infer<typeof zSettingsFields>;

type RuleFields = Omit<SettingsFields, 'roleMapping' | keyof typeof zLaterSettings> &
  Partial<Pick<SettingsFields, keyof typeof zLaterSettings>>;

function settingsRules(s: RuleFields, ctx: z.RefinementCtx): void {
  if (s.selfExtendMaxMinutes !== undefined && s.selfExtendMaxMinutes > s.maxDurationMinutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['selfExtendMaxMinutes'],
      message: `must not exceed maxDurationMinutes (${s.maxDurationMinutes})`,
    });
  }
  if (s.defaultDurationMinutes > s.maxDurationMinutes) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultDurationMinutes'],
      message: `must not exceed maxDurationMinutes (${s.maxDurationMinutes})`,
    });
  }
  const tooLong = s.allowedDurationsMinutes.filter((m) => m > s.maxDurationMinutes);
  if (tooLong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['allowedDurationsMinutes'],
      message: `${tooLong.join(', ')} exceed maxDurationMinutes (${s.maxDurationMinutes})`,
    });
  }
  if (!s.allowedDurationsMinutes.includes(s.defaultDurationMinutes)) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultDurationMinutes'],
      message: 'must be one of allowedDurationsMinutes',
    });
  }
  if (new Set(s.systems.map((x) => x.toLowerCase())).size !== s.systems.length) {
    ctx.addIssue({ code: 'custom', path: ['systems'], message: 'names a system twice' });
  }
  if (clockMinutes(s.businessHours.start) === clockMinutes(s.businessHours.end)) {
    ctx.addIssue({ code: 'custom', path: ['businessHours', 'end'], message: 'must differ from start' });
  }
}

/** What a new tenant starts with: short read-only sessions, one approver group, weekday hours. */
export const defaultSettings: Settings = {
  defaultDurationMinutes: 30,
  maxDurationMinutes: 240,
  allowedDurationsMinutes: [15, 30, 60, 120, 240],
  startWindowMinutes: 60,
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00', timeZone: 'UTC' },
  approvers: [],
  afterHoursApprovers: [],
  systems: ['billing-db', 'payments-gateway', 'accounts-admin', 'app-logs'],
  reviewThresholds: { longSessionMinutes: 120, broadAccessRecords: 500 },
  retentionDays: 2555,
  roleMapping: defaultRoleMapping,
  selfExtendMaxMinutes: 0,
  ticketCustomerField: { source: 'organization_external_id', customFieldId: null },
};

/** What `settingsRules` checks, for the document: JSON Schema cannot say it. */
const SETTINGS_RULES =
  'Also checked: defaultDurationMinutes and every allowedDurationsMinutes entry are at most maxDurationMinutes; ' +
  'defaultDurationMinutes is one of allowedDurationsMinutes; systems are unique (ignoring case); ' +
  'businessHours.end differs from businessHours.start (an end before the start runs past midnight); ' +
  'selfExtendMaxMinutes is at most maxDurationMinutes.';

export const zSettingsSchema = zSettingsFields
  .superRefine(settingsRules)
  .meta({ id: 'Settings', description: SETTINGS_RULES });
export type Settings = z.infer<typeof zSettingsSchema>;

/** Fields `PUT /v1/settings` may leave out to keep their current value. */
export const KEPT_WHEN_OMITTED = ['roleMapping', 'selfExtendMaxMinutes', 'ticketCustomerField'] as const;

/** What `PUT /v1/settings` takes: `roleMapping` and the later settings may be left out to keep them. */
export const zSettingsUpdateSchema = zSettingsFields
  .extend({
    roleMapping: zRoleMappingSchema.optional(),
    selfExtendMaxMinutes: zLaterSettings.selfExtendMaxMinutes.optional(),
    ticketCustomerField: zLaterSettings.ticketCustomerField.optional(),
  })
  .superRefine(settingsRules)
  .meta({
    id: 'SettingsUpdate',
    description: `${SETTINGS_RULES} Leave out ${KEPT_WHEN_OMITTED.join(', ')} to keep the current value.`,
    example: { ...defaultSettings, approvers: ['lead-lee'] },
  });
export type SettingsUpdate = z.infer<typeof zSettingsUpdateSchema>;
