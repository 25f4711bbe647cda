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
          kind: z.enum(['tail_cut', 'rewritten', 'seq_reused', 'bad_checkpoint', 'checkpoint_missing']),
          fromSeq: z.number().nullable(),
          toSeq: z.number().nullable(),
          message: z.string(),
        }),
      )
      .describe('Where the chain disagrees with the external checkpoints; any finding makes ok false'),
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
