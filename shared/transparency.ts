import { z } from 'zod';
import { DATA_CATEGORIES } from './data-categories.js';
import { zRoleSchema } from './identity.js';

/**
 * The customer transparency report: every time staff opened one customer's data in a period,
 * told in terms the customer can read, and signed so they can check the company issued it.
 */

const zStaffPerson = z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() });

export const zReportAccessSchema = z.object({
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMinutes: z.number().nullable(),
  ticket: z.string().meta({ description: 'The support ticket the access was for.' }),
  reason: z.string().meta({ description: 'The reason the staff member stated before access was granted.' }),
  categories: z.array(z.enum(DATA_CATEGORIES)).meta({ description: 'Kinds of data viewed.' }),
  access: z.enum(['read', 'write']),
  changedData: z.boolean().meta({ description: 'Data was changed (reported in the outcome or by a change event).' }),
  approval: z.enum(['approved', 'emergency']).meta({
    description: '`emergency`: opened without prior approval (break-glass) and reviewed afterwards.',
  }),
  approverRole: zRoleSchema.nullable().meta({ description: "The approver's role; never their name." }),
  endedBy: z.enum(['ended', 'expired', 'revoked']).nullable(),
  staff: z
    .object({ agent: zStaffPerson, approver: zStaffPerson.nullable() })
    .optional()
    .meta({ description: 'Only with includeStaff=true (admins).' }),
  notes: z
    .object({ approval: z.string().nullable(), outcome: z.string().nullable(), end: z.string().nullable() })
    .optional()
    .meta({ description: 'Internal notes; only with includeNotes=true (admins).' }),
});
export type ReportAccess = z.infer<typeof zReportAccessSchema>;

export const zTransparencyReportSchema = z
  .object({
    type: z.literal('ticketed-access/transparency-report'),
    version: z.literal(1),
    issuer: z.object({ tenant: z.string(), name: z.string() }),
    customer: z.object({ id: z.string(), name: z.string().nullable() }),
    period: z.object({ from: z.string().nullable(), to: z.string() }),
    issuedAt: z.string(),
    includes: z.object({ staff: z.boolean(), notes: z.boolean() }),
    totals: z.object({
      accesses: z.number(),
      minutes: z.number(),
      changedData: z.number(),
      emergency: z.number(),
      testRuns: z.number(),
    }),
    accesses: z.array(zReportAccessSchema).meta({ description: 'Oldest first.' }),
    testRuns: z
      .array(z.object({ at: z.string(), query: z.string(), categories: z.array(z.enum(DATA_CATEGORIES)) }))
      .meta({ description: 'Administrators testing a saved query on this customer’s data (always masked).' }),
  })
  .meta({ id: 'TransparencyReport' });
export type TransparencyReport = z.infer<typeof zTransparencyReportSchema>;

export const zReportSignatureSchema = z
  .object({
    alg: z.literal('EdDSA'),
    kid: z.string(),
    canonicalization: z.literal('RFC8785'),
    jws: z.string().meta({
      description:
        'Compact JWS with a detached payload (`header..signature`): the payload is the RFC 8785 canonical JSON ' +
        'of `report`, so the signing input is `header + "." + base64url(canonical report)`.',
    }),
    jwksUrl: z.string(),
  })
  .meta({ id: 'ReportSignature' });
export type ReportSignature = z.infer<typeof zReportSignatureSchema>;

export const zSignedTransparencyReportSchema = z
  .object({ report: zTransparencyReportSchema, signature: zReportSignatureSchema })
  .meta({ id: 'SignedTransparencyReport' });
export type SignedTransparencyReport = z.infer<typeof zSignedTransparencyReportSchema>;

const zFlag = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const zTransparencyQuerySchema = z.object({
  from: z.iso.datetime().optional().meta({ description: 'Accesses started at or after (default: all)' }),
  to: z.iso.datetime().optional().meta({ description: 'Accesses started before (default: now)' }),
  includeStaff: zFlag.meta({ description: 'Add staff names and e-mails (admins only)' }),
  includeNotes: zFlag.meta({ description: 'Add internal notes: approval, outcome, end (admins only)' }),
});
