import type { ParamType, ParamValue, SavedQuery, SavedQueryDefinitionInput } from '../../../../shared/gateway.js';

/** A saved query as the editor holds it: every value as typed. */
export interface QueryDraft {
  title: string;
  description: string;
  system: string;
  sql: string;
  customerParam: string;
  rowLimit: string;
  timeoutMs: string;
  params: Array<{ name: string; type: ParamType; description: string; default: string }>;
  fields: Array<{ column: string; sensitivity: string }>;
}

export const emptyDraft = (system: string): QueryDraft => ({
  title: '',
  description: '',
  system,
  sql: 'select c.id as customer_id\n  from customers c\n where c.id = :customer_id',
  customerParam: 'customer_id',
  rowLimit: '100',
  timeoutMs: '2000',
  params: [],
  fields: [],
});

export function toQueryDraft(q: SavedQuery): QueryDraft {
  return {
    title: q.title,
    description: q.description,
    system: q.system,
    sql: q.sql,
    customerParam: q.customerParam,
    rowLimit: String(q.rowLimit),
    timeoutMs: String(q.timeoutMs),
    params: q.params.map((p) => ({
      name: p.name,
      type: p.type,
      description: p.description ?? '',
      default: p.default === undefined ? '' : String(p.default),
    })),
    fields: Object.entries(q.fields).map(([column, sensitivity]) => ({ column, sensitivity })),
  };
}

/**
 * A typed value as its parameter type: numbers and booleans as JSON numbers and booleans, so the
 * server checks them as such. Text that is not a number stays text, for the server to name.
 *
 * @example paramValue('integer', '9912') // 9912
 */
export function paramValue(type: ParamType, text: string): ParamValue {
  if ((type === 'integer' || type === 'number') && text.trim() !== '' && Number.isFinite(Number(text)))
    return Number(text);
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

export function fromQueryDraft(d: QueryDraft): SavedQueryDefinitionInput {
  return {
    title: d.title,
    description: d.description,
    system: d.system,
    sql: d.sql,
    customerParam: d.customerParam,
    rowLimit: num(d.rowLimit),
    timeoutMs: num(d.timeoutMs),
    params: d.params.map((p) => ({
      name: p.name,
      type: p.type,
      ...(p.description.trim() ? { description: p.description } : {}),
      ...(p.default.trim() !== '' ? { default: paramValue(p.type, p.default) } : {}),
    })),
    fields: Object.fromEntries(d.fields.filter((f) => f.column.trim()).map((f) => [f.column.trim(), f.sensitivity])),
  } as SavedQueryDefinitionInput;
}
