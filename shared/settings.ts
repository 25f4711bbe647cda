import { z } from 'zod';
import { zRoleSchema as zRole } from './identity.js';
import { defaultNotificationPolicy, zNotificationPolicySchema } from './notifications.js';
import { WEEKDAYS, clockMinutes, isValidTimeZone } from './time.js';

const zClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const zUserId = z.string().trim().min(1, 'pick a user').max(200);
/** A whole number from `min` to `max`, with messages that read under the field's label. */
const zWhole = (min: number, max: number, unit: string) =>
  z
    .number({ error: `must be a whole number of ${unit}` })
    .int(`must be a whole number of ${unit}`)
    .min(min, `must be at least ${min} ${unit}`)
    .max(max, `must be at most ${max} ${unit}`);
const zMinutes = zWhole(1, 7 * 24 * 60, 'minutes');

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
  /** Console sign-in: values of one ID-token claim → role; the highest mapped value wins. */
  oidc: z
    .object({
      claim: z.string().trim().min(1).max(100),
      values: z.record(z.string().min(1).max(200), zRole.nullable()),
    })
    .default({ claim: 'groups', values: {} })
    .meta({
      description:
        'When `values` names any value, it replaces OIDC_ROLE_MAP and OIDC_ROLES_CLAIM for console sign-in; ' +
        'a stored mapping written before this field existed reads as the default.',
    }),
});
export type RoleMapping = z.infer<typeof zRoleMappingSchema>;

export const defaultRoleMapping: RoleMapping = {
  zendesk: { admin: 'admin', agent: 'agent', customRoles: {} },
  jira: { groups: { 'jira-admins': 'admin', 'site-admins': 'admin' }, defaultRole: 'agent' },
  oidc: { claim: 'groups', values: {} },
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
  notifications: zNotificationPolicySchema,
};

const zSettingsFields = z.object({
  defaultDurationMinutes: zMinutes,
  maxDurationMinutes: zMinutes,
  allowedDurationsMinutes: z.array(zMinutes).min(1, 'name at least one duration').max(20, 'at most 20 durations'),
  startWindowMinutes: zWhole(1, 24 * 60, 'minutes'),
  businessHours: zBusinessHoursSchema,
  approvers: z.array(zUserId).min(1, 'name at least one approver').max(200),
  afterHoursApprovers: z.array(zUserId).max(200),
  systems: z.array(z.string().trim().min(1).max(100)).min(1, 'name at least one system').max(100),
  reviewThresholds: z.object({
    longSessionMinutes: zMinutes,
    broadAccessRecords: zWhole(1, 10_000_000, 'records'),
  }),
  retentionDays: zWhole(30, 3650, 'days'),
  roleMapping: zRoleMappingSchema,
  ...zLaterSettings,
});

const isInt = (v: unknown): v is number => Number.isInteger(v);
const ints = (v: unknown): v is number[] => Array.isArray(v) && v.every(isInt);
const isClock = (v: unknown): v is string => zClock.safeParse(v).success;

/**
 * The rules between fields. Each one runs whenever the fields it reads are themselves valid — also
 * when other fields are wrong — so one save shows every problem at once.
 */
function settingsRules(input: unknown, ctx: z.RefinementCtx): void {
  const s = (input ?? {}) as Record<string, unknown>;
  const { defaultDurationMinutes: def, maxDurationMinutes: max, allowedDurationsMinutes: allowed } = s;
  const selfExtend = s.selfExtendMaxMinutes;
  if (isInt(selfExtend) && isInt(max) && selfExtend > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['selfExtendMaxMinutes'],
      message: `must not exceed the maximum duration (${max} minutes)`,
    });
  }
  if (isInt(def) && isInt(max) && def > max) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultDurationMinutes'],
      message: `must not exceed the maximum duration (${max} minutes)`,
    });
  }
  const tooLong = isInt(max) && ints(allowed) ? allowed.filter((m) => m > max) : [];
  if (tooLong.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['allowedDurationsMinutes'],
      message: `${tooLong.join(', ')} exceed the maximum duration (${max} minutes)`,
    });
  }
  if (isInt(def) && ints(allowed) && allowed.length > 0 && !allowed.includes(def)) {
    ctx.addIssue({
      code: 'custom',
      path: ['defaultDurationMinutes'],
      message: `must be one of the allowed durations (${allowed.join(', ')} minutes)`,
    });
  }
  const systems = Array.isArray(s.systems) ? s.systems.filter((x): x is string => typeof x === 'string') : [];
  if (new Set(systems.map((x) => x.trim().toLowerCase())).size !== systems.length) {
    ctx.addIssue({ code: 'custom', path: ['systems'], message: 'names a system twice' });
  }
  const hours = (s.businessHours ?? {}) as Record<string, unknown>;
  if (isClock(hours.start) && isClock(hours.end) && clockMinutes(hours.start) === clockMinutes(hours.end)) {
    ctx.addIssue({ code: 'custom', path: ['businessHours', 'end'], message: 'must differ from the start time' });
  }
}
const withRules = { when: () => true };

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
  notifications: defaultNotificationPolicy,
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
  .check(z.superRefine(settingsRules, withRules))
  .meta({ id: 'Settings', description: SETTINGS_RULES });
export type Settings = z.infer<typeof zSettingsSchema>;

/** Fields `PUT /v1/settings` may leave out to keep their current value. */
export const KEPT_WHEN_OMITTED = [
  'roleMapping',
  'selfExtendMaxMinutes',
  'ticketCustomerField',
  'notifications',
] as const;

/** What `PUT /v1/settings` takes: `roleMapping` and the later settings may be left out to keep them. */
export const zSettingsUpdateSchema = zSettingsFields
  .extend({
    roleMapping: zRoleMappingSchema.optional(),
    selfExtendMaxMinutes: zLaterSettings.selfExtendMaxMinutes.optional(),
    ticketCustomerField: zLaterSettings.ticketCustomerField.optional(),
    notifications: zLaterSettings.notifications.optional(),
  })
  .check(z.superRefine(settingsRules, withRules))
  .meta({
    id: 'SettingsUpdate',
    description: `${SETTINGS_RULES} Leave out ${KEPT_WHEN_OMITTED.join(', ')} to keep the current value.`,
    example: { ...defaultSettings, approvers: ['lead-lee'] },
  });
export type SettingsUpdate = z.infer<typeof zSettingsUpdateSchema>;
