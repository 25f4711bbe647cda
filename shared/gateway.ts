import { z } from 'zod';
import { zCustomerIdSchema } from './grants.js';
import { PARAM_TYPES, SENSITIVITY_KINDS } from './gateway-kinds.js';

export { PARAM_TYPES, SENSITIVITY_KINDS, type ParamType, type Sensitivity } from './gateway-kinds.js';

/**
 * The data gateway's contract: saved queries admins define, and what a run returns. A saved query
 * is SQL with named parameters (`:refund_id`); the customer parameter is always bound from the
 * grant's scope, never from the request.
 */

const zText = (max: number) => z.string().trim().min(1).max(max);

export const zSavedQueryNameSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lower-case slug such as refund-with-gateway-response')
  .max(64)
  .meta({ example: 'refund-with-gateway-response' });

const zParamName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a parameter name such as refund_id');
const zColumnName = z.string().trim().min(1).max(128);

export const zFieldSensitivitySchema = z.enum([...SENSITIVITY_KINDS, 'none']);

export const zParamValueSchema = z.union([z.string().max(1000), z.number(), z.boolean()]);
export type ParamValue = z.infer<typeof zParamValueSchema>;

export const zSavedQueryParamSchema = z.object({
  name: zParamName,
  label: zText(100).optional().meta({ description: 'What the agent sees beside the field, e.g. "Refund number"' }),
  type: z.enum(PARAM_TYPES),
  description: zText(500).optional(),
  default: zParamValueSchema
    .optional()
    .meta({ description: 'Used when the run leaves the parameter out; without it the parameter is required.' }),
});

const zSavedQueryFields = z.object({
  title: zText(200),
  description: z.string().trim().max(2000).default(''),
  sql: zText(20_000).meta({
    description: 'SQL with named parameters such as `:customer_id`; runs read-only on the production connection.',
  }),
  customerParam: zParamName
    .default('customer_id')
    .meta({ description: "The parameter bound from the grant's customer; the SQL must use it." }),
  params: z.array(zSavedQueryParamSchema).max(20).default([]).meta({ description: 'Parameters the agent supplies.' }),
  system: zText(100).meta({ description: "One of the tenant's systems; a grant must include it to run the query." }),
  rowLimit: z.number().int().min(1).max(1000).default(100),
  timeoutMs: z.number().int().min(50).max(10_000).default(2000),
  fields: z.record(zColumnName, zFieldSensitivitySchema).default({}).meta({
    description:
      'Sensitivity per result column where the name-based classifier is wrong, e.g. `{ "company": "none", "addr": "free_text" }`.',
  }),
});

export const zSavedQueryDefinitionSchema = zSavedQueryFields
  .superRefine((q, ctx) => {
    const parsed = parseNamedParameters(q.sql);
    for (const problem of parsed.problems) ctx.addIssue({ code: 'custom', path: ['sql'], message: problem });
    const used = new Set(parsed.names);
    const declared = q.params.map((p) => p.name);
    declared.forEach((name, i) => {
      if (name === q.customerParam) {
        ctx.addIssue({
          code: 'custom',
          path: ['params', i, 'name'],
          message: `${name} is the customer parameter; it is bound from the grant and cannot be an agent parameter`,
        });
      } else if (declared.indexOf(name) !== i) {
        ctx.addIssue({ code: 'custom', path: ['params', i, 'name'], message: `${name} is declared twice` });
      } else if (!used.has(name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['params', i, 'name'],
          message: `${name} is declared but the SQL never uses :${name}`,
        });
      }
    });
    if (!used.has(q.customerParam)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sql'],
        message: `must filter by :${q.customerParam} (the grant's customer), or the query is not scoped to the ticket's customer`,
      });
    }
    for (const name of used) {
      if (name !== q.customerParam && !declared.includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['sql'], message: `uses :${name}, which is not declared in params` });
      }
    }
  })
  .meta({
    id: 'SavedQueryDefinition',
    description:
      'Also checked: the SQL uses :customerParam and only declared parameters (named, never `?` or `$1`); ' +
      'every declared parameter is used, declared once and is not the customer parameter; ' +
      "system is one of the tenant's systems.",
    example: {
      title: 'Refund with gateway response',
      sql: 'select r.id, r.status from refunds r where r.customer_id = :customer_id and r.id = :refund_id',
      params: [{ name: 'refund_id', type: 'integer', description: 'The refund number, e.g. 9912' }],
      system: 'billing-db',
      rowLimit: 20,
    },
  });
export type SavedQueryDefinition = z.infer<typeof zSavedQueryDefinitionSchema>;
export type SavedQueryDefinitionInput = z.input<typeof zSavedQueryDefinitionSchema>;

export const zSavedQuerySchema = zSavedQueryFields
  .extend({ name: zSavedQueryNameSchema, updatedBy: z.string(), updatedAt: z.string() })
  .meta({ id: 'SavedQuery' });
export type SavedQuery = SavedQueryDefinition & { name: string; updatedBy: string; updatedAt: string };

/** What agents see in the list: enough to pick a query and fill in its parameters, not its SQL. */
export const zSavedQuerySummarySchema = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    system: z.string(),
    customerParam: z.string(),
    params: z.array(
      z.object({
        name: z.string(),
        label: z.string().nullable(),
        type: z.enum(PARAM_TYPES),
        description: z.string().nullable(),
        required: z.boolean(),
      }),
    ),
    rowLimit: z.number(),
    sensitiveColumns: z.array(z.string()).meta({
      description:
        'Columns of its select list that come back masked unless a grant unmasks them (what a request may ask ' +
        'to see unmasked in unmaskFields)',
    }),
  })
  .meta({ id: 'SavedQuerySummary' });
export type SavedQuerySummary = z.infer<typeof zSavedQuerySummarySchema>;
export const zSavedQueryListSchema = z
  .object({ queries: z.array(zSavedQuerySummarySchema) })
  .meta({ id: 'SavedQueryList' });

export const zRunQuerySchema = z
  .object({
    params: z
      .record(z.string().max(100), zParamValueSchema)
      .refine((params) => Object.keys(params).length <= 50, 'at most 50 parameters')
      .default({})
      .meta({
        description: "The query's agent parameters; the customer parameter comes from the grant and may not be sent.",
      }),
  })
  .meta({ id: 'RunQuery', example: { params: { refund_id: 9912 } } });

export const zQueryResultSchema = z
  .object({
    query: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.record(z.string(), z.unknown())),
    rowCount: z.number(),
    truncated: z
      .boolean()
      .meta({ description: 'More rows matched than the query’s rowLimit; only the first rowLimit are shown.' }),
    masked: z.array(z.string()).meta({ description: 'Columns shown masked.' }),
    unmasked: z
      .array(z.string())
      .meta({ description: "Sensitive columns shown in clear because the grant's unmaskFields name them." }),
    recordedEventId: z.number().meta({ description: 'The access event this run recorded.' }),
  })
  .meta({ id: 'QueryResult' });
export type QueryResult = z.infer<typeof zQueryResultSchema>;

export interface ParsedSql {
  /** The SQL split around parameters: `parts[0] :names[0] parts[1] …`. */
  parts: string[];
  names: string[];
  problems: string[];
}

/**
 * Finds `:name` parameters outside string literals, quoted identifiers, comments, dollar quotes
 * and `::` casts. Positional placeholders (`?`, `$1`) are reported as problems: every value is
 * bound by name so a run cannot shift one parameter into another's place.
 *
 * @example parseNamedParameters("select * from refunds where id = :refund_id and note <> ':x'").names // ['refund_id']
 */
export function parseNamedParameters(text: string): ParsedSql {
  const parts: string[] = [];
  const names: string[] = [];
  const problems: string[] = [];
  let start = 0;
  let i = 0;
  const skipTo = (end: string, from: number) => {
    const at = text.indexOf(end, from);
    return at === -1 ? text.length : at + end.length;
  };
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      // A doubled quote inside is an escaped quote: keep going past it.
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === ch) {
          if (text[j + 1] === ch) j += 2;
          else break;
        } else j += 1;
      }
      i = j + 1;
    } else if (ch === '-' && next === '-') {
      i = skipTo('\n', i);
    } else if (ch === '/' && next === '*') {
      i = skipTo('*/', i + 2);
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i));
      if (tag) i = skipTo(tag[0], i + tag[0].length);
      else {
        if (next !== undefined && /\d/.test(next))
          problems.push(
            `uses a positional placeholder (${/^\$\d+/.exec(text.slice(i))?.[0]}); use named parameters such as :refund_id`,
          );
        i += 1;
      }
    } else if (ch === '?') {
      problems.push('uses a positional placeholder (?); use named parameters such as :refund_id');
      i += 1;
    } else if (ch === ':' && next === ':') {
      i += 2;
    } else if (ch === ':' && next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))![0];
      parts.push(text.slice(start, i));
      names.push(name);
      i += 1 + name.length;
      start = i;
    } else {
      i += 1;
    }
  }
  parts.push(text.slice(start));
  return { parts, names, problems };
}

/**
 * `POST /v1/gateway/queries/{name}/test` (admins): runs the saved query — or the draft in
 * `definition`, before it is saved — for a sample customer, without a grant. Everything sensitive
 * stays masked; the run is audited.
 */
export const zTestQuerySchema = z
  .object({
    customerId: zCustomerIdSchema.meta({ description: 'The sample customer bound to the customer parameter.' }),
    params: zRunQuerySchema.shape.params,
    definition: zSavedQueryDefinitionSchema
      .optional()
      .meta({ description: 'A draft to run instead of the stored definition (e.g. while editing the SQL).' }),
  })
  .meta({ id: 'TestQuery', example: { customerId: '1842', params: { refund_id: 9912 } } });
export type TestQueryInput = z.input<typeof zTestQuerySchema>;

/** A test run shows at most this many rows, whatever the query's rowLimit. */
export const TEST_RUN_ROW_LIMIT = 20;

export const zQueryTestResultSchema = zQueryResultSchema
  .omit({ recordedEventId: true })
  .extend({
    draft: z.boolean().meta({ description: 'The run used the draft sent in `definition`.' }),
    auditEventSeq: z.number().meta({ description: 'The audit row (`gateway.query_tested`) this run wrote.' }),
  })
  .meta({ id: 'QueryTestResult' });
export type QueryTestResult = z.infer<typeof zQueryTestResultSchema>;
