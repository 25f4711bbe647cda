import { z } from 'zod';

/** `GET /v1/audit/verify`: the chain re-walked and compared with the signed checkpoints outside the database. */
export const zVerifySchema = z
  .object({
    ok: z.boolean(),
    tenant: z.string(),
    checked: z.number(),
    head: z.object({ seq: z.number(), hash: z.string() }).nullable(),
    firstBroken: z.object({ id: z.number(), seq: z.number(), reason: z.string() }).nullable(),
    checkpoint: z
      .object({ seq: z.number(), hash: z.string(), signedAt: z.string(), kid: z.string(), file: z.string() })
      .nullable()
      .describe('The newest signed checkpoint from the store outside the database that the chain was compared with'),
    findings: z
      .array(
        z.object({
          kind: z.enum(['tail_cut', 'rewritten', 'seq_reused', 'bad_checkpoint', 'checkpoint_missing', 'purge_unverified']),
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
  })
  .meta({ id: 'AuditVerify' });

export type VerifyResult = z.infer<typeof zVerifySchema>;
