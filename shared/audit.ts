import { z } from 'zod';

const zBrokenRowSchema = z.object({ id: z.number(), seq: z.number(), reason: z.string() });

/** What a finished full re-walk found, in short. */
export const zFullWalkSchema = z.object({
  jobId: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  checked: z.number(),
  firstBroken: zBrokenRowSchema.nullable(),
});

/** `GET /v1/audit/verify`: the chain re-walked and compared with the signed checkpoints outside the database. */
export const zVerifySchema = z
  .object({
    ok: z.boolean(),
    tenant: z.string(),
    checked: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
    firstBroken: zBrokenRowSchema.nullable(),
    checkpoint: z
      .object({ seq: z.number(), hash: z.string(), signedAt: z.string(), kid: z.string(), file: z.string() })
      .nullable()
      .describe('The newest signed checkpoint from the store outside the database that the chain was compared with'),
    findings: z
      .array(
        z.object({
          kind: z.enum([
            'tail_cut',
            'rewritten',
            'seq_reused',
            'bad_checkpoint',
            'checkpoint_missing',
            'purge_unverified',
          ]),
          fromSeq: z.number().nullable(),
          toSeq: z.number().nullable(),
          message: z.string(),
        }),
      )
      .describe('Where the chain disagrees with the external checkpoints; any finding makes ok false'),
    anchor: z
      .object({
        seq: z.number(),
        hash: z.string(),
        archives: z.array(z.string()),
        purgedAt: z.string(),
        note: z.string(),
      })
      .nullable()
      .describe(
        'After a purge: the walk started after seq (the closing checkpoint of the last purged archive); rows 1..seq are in the archives named',
      ),
    scope: z
      .object({ kind: z.enum(['incremental', 'full']), fromSeq: z.number() })
      .describe(
        'What was re-walked: `incremental` checks the rows after the newest signed checkpoint (which the rows up ' +
          'to it were checked against when it was signed); `full` re-walks from the first row',
      ),
    lastFullWalk: zFullWalkSchema
      .nullable()
      .optional()
      .describe('The newest finished full re-walk (a background verify job), shown beside an incremental verify'),
  })
  .meta({ id: 'AuditVerify' });

export type VerifyResult = z.infer<typeof zVerifySchema>;

export const zAuditArchiveSchema = z
  .object({
    id: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    fromSeq: z.number(),
    toSeq: z.number(),
    rowCount: z.number(),
    closingHash: z.string(),
    createdAt: z.string(),
    location: z.string().meta({ description: 'Where the store outside the database keeps it' }),
  })
  .meta({ id: 'AuditArchive' });

export const zAuditPurgeSchema = z
  .object({
    fromSeq: z.number(),
    toSeq: z.number(),
    archives: z.array(z.string()),
    cutoff: z.string().meta({ description: 'Rows written before this moment (then − retentionDays) were due' }),
    rows: z.number(),
    grants: z.number(),
    accessEvents: z.number(),
    purgedAt: z.string(),
    purgedBy: z.string(),
  })
  .meta({ id: 'AuditPurge' });

/** `GET /v1/audit/retention`: the retention period, the sealed archives and what was purged when. */
export const zRetentionSchema = z
  .object({
    retentionDays: z.number(),
    cutoff: z.string().meta({ description: 'Rows written before this are due for the purge once archived' }),
    lastArchive: zAuditArchiveSchema.nullable(),
    archives: z.array(zAuditArchiveSchema).describe('Oldest first'),
    purges: z.array(zAuditPurgeSchema).describe('Oldest first'),
  })
  .meta({ id: 'AuditRetention' });

export type AuditArchive = z.infer<typeof zAuditArchiveSchema>;
export type AuditPurge = z.infer<typeof zAuditPurgeSchema>;
export type AuditRetention = z.infer<typeof zRetentionSchema>;

/** `POST /v1/audit/erasure-requests`: a customer's GDPR Art. 17 request, recorded in the trail. */
export const zErasureRequestSchema = z
  .object({
    customerId: z.string().trim().min(1).max(200),
    reference: z.string().trim().min(1).max(200).meta({ description: 'Your case or ticket number for the request' }),
    note: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'ErasureRequest' });

export const zErasureRecordedSchema = z
  .object({
    seq: z.number().meta({ description: 'The audit row that records the request' }),
    customerId: z.string(),
    recordedAt: z.string(),
    kept: z.string().meta({ description: 'What the trail keeps, and why' }),
  })
  .meta({ id: 'ErasureRecorded' });
/** `POST /v1/audit/verify-jobs`, `GET /v1/audit/verify-jobs/:id`: a full re-walk in the background. */
export const zVerifyJobSchema = z
  .object({
    id: z.string(),
    state: z.enum(['running', 'done', 'failed', 'abandoned']),
    startedBy: z.string(),
    startedAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.string().nullable(),
    checked: z.number().describe('Rows re-walked so far'),
    total: z.number().describe('Rows in the chain when the job started'),
    result: zVerifySchema.nullable().describe('The full verify result, once done'),
    error: z.string().nullable().describe('Why the job failed (not a broken chain: that is a result)'),
  })
  .meta({ id: 'AuditVerifyJob' });

export type VerifyJob = z.infer<typeof zVerifyJobSchema>;
