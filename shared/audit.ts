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
          kind: z.enum(['tail_cut', 'rewritten', 'seq_reused', 'bad_checkpoint', 'checkpoint_missing']),
          fromSeq: z.number().nullable(),
          toSeq: z.number().nullable(),
          message: z.string(),
        }),
      )
      .describe('Where the chain disagrees with the external checkpoints; any finding makes ok false'),
  })
  .meta({ id: 'AuditVerify' });

export type VerifyResult = z.infer<typeof zVerifySchema>;
