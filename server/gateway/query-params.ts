import { parseNamedParameters, type ParamType, type ParamValue, type SavedQuery } from '../../shared/gateway.js';
import type { DialectName } from '../db/connect.js';
import type { ErrorIssue } from '../errors.js';

type Bound = string | number | boolean | null;

/**
 * Turns `:name` parameters into the dialect's placeholders and lists the values in order, so
 * every value is bound by the driver and none is ever spliced into the text.
 *
 * @example compileSql('select * from refunds where customer_id = :c and id = :r', { c: '1842', r: 9912 }, 'postgres')
 *   // { text: 'select * from refunds where customer_id = $1 and id = $2', values: ['1842', 9912] }
 */
export function compileSql(
  sqlText: string,
  values: Record<string, Bound>,
  dialect: DialectName,
): { text: string; values: Bound[] } {
  const parsed = parseNamedParameters(sqlText);
  const ordered: Bound[] = [];
  const positions = new Map<string, number>();
  let text = parsed.parts[0] ?? '';
  parsed.names.forEach((name, i) => {
    if (!(name in values)) throw new Error(`No value for :${name}`);
    if (dialect === 'sqlite') {
      ordered.push(values[name]!);
      text += '?';
    } else {
      let position = positions.get(name);
      if (position === undefined) {
        ordered.push(values[name]!);
        position = ordered.length;
        positions.set(name, position);
      }
      text += `$${position}`;
    }
    text += parsed.parts[i + 1] ?? '';
  });
  return { text, values: ordered };
}

/** `customerId`, `customer_id`, `account`, `client_no`, … — names that pick a customer. */
const CUSTOMER_LIKE = /^(customer|cust|account|acct|client|org|organization|organisation)(_?(id|number|no|key|ref))?$/;

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/**
 * Request parameters that try to choose the customer: the query's customer parameter (in any
 * spelling) or any undeclared parameter named like a customer or account.
 */
export function customerParamsNamed(
  query: Pick<SavedQuery, 'customerParam' | 'params'>,
  supplied: Record<string, unknown>,
): string[] {
  const declared = new Set(query.params.map((p) => p.name));
  const bound = snake(query.customerParam);
  return Object.keys(supplied).filter((key) => {
    const name = snake(key);
    return name === bound || (!declared.has(key) && CUSTOMER_LIKE.test(name));
  });
}

function coerce(type: ParamType, value: ParamValue): Bound | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'boolean' ? undefined : String(value);
    case 'integer':
      if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
      return typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : undefined;
    case 'number': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      return Number.isFinite(n) ? n : undefined;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return value === 'true' ? true : value === 'false' ? false : undefined;
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? value
        : undefined;
  }
}

/**
 * The agent's parameters checked against the query's declarations: unknown names, missing
 * required ones and wrong types come back as issues (400); defaults fill in the rest.
 */
export function bindAgentParams(
  query: Pick<SavedQuery, 'params'>,
  supplied: Record<string, ParamValue>,
): { values: Record<string, Bound>; issues: ErrorIssue[] } {
  const values: Record<string, Bound> = {};
  const issues: ErrorIssue[] = [];
  const declared = new Map(query.params.map((p) => [p.name, p]));
  for (const key of Object.keys(supplied)) {
    if (!declared.has(key)) {
      const known = query.params.map((p) => p.name).join(', ') || 'none';
      issues.push({ path: `params.${key}`, message: `is not a parameter of this query (its parameters: ${known})` });
    }
  }
  for (const param of query.params) {
    const raw = supplied[param.name] ?? param.default;
    if (raw === undefined) {
      issues.push({ path: `params.${param.name}`, message: `is required (${param.type})` });
      continue;
    }
    const value = coerce(param.type, raw);
    if (value === undefined)
      issues.push({
        path: `params.${param.name}`,
        message: `must be ${param.type === 'integer' ? 'an integer' : `a ${param.type}`}`,
      });
    else values[param.name] = value;
  }
  return { values, issues };
}
