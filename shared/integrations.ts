import { z } from 'zod';

/**
 * What an integration credential may do. Only one thing so far: report a ticket solved or closed
 * outside the helpdesk apps (the host's word that a ticket closed, never a signed-in person's).
 */
export const INTEGRATION_SCOPES = ['tickets:closed'] as const;
export const zIntegrationScopeSchema = z.enum(INTEGRATION_SCOPES);
export type IntegrationScope = z.infer<typeof zIntegrationScopeSchema>;

/** The bearer an integration sends: `tai_<16 hex id>_<43 base64url secret>`. Not a JWT. */
export const INTEGRATION_TOKEN_PATTERN = /^tai_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const zCreateIntegrationSchema = z
  .object({
    name: z.string().trim().min(1, 'name the tool that will use it').max(100).meta({ example: 'ops-ticket-closer' }),
    scopes: z.array(zIntegrationScopeSchema).min(1).max(INTEGRATION_SCOPES.length).default(['tickets:closed']),
  })
  .meta({ id: 'CreateIntegration' });
export type CreateIntegrationInput = z.input<typeof zCreateIntegrationSchema>;

export const zIntegrationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(zIntegrationScopeSchema),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable().meta({ description: 'Last accepted close report sent with it.' }),
  })
  .meta({ id: 'Integration' });
export type Integration = z.infer<typeof zIntegrationSchema>;

export const zIssuedIntegrationSchema = zIntegrationSchema
  .extend({
    secret: z.string().meta({ description: 'The bearer credential, `tai_<id>_<secret>`: shown once, never stored.' }),
  })
  .meta({ id: 'IssuedIntegration' });
export type IssuedIntegration = z.infer<typeof zIssuedIntegrationSchema>;

export const zIntegrationListSchema = z
  .object({ integrations: z.array(zIntegrationSchema) })
  .meta({ id: 'IntegrationList' });

/** `POST /v1/tickets/:ticketId/closed`: accepted from the host only (Forge trigger, integration credential). */
export const zTicketClosedReportSchema = z
  .object({ status: z.enum(['solved', 'closed', 'done']), via: z.string().trim().min(1).max(100) })
  .meta({ id: 'TicketClosedReport' });
export const zTicketClosedResultSchema = z.object({ revoked: z.array(z.string()) }).meta({ id: 'TicketClosedResult' });
