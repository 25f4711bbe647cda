import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * Requests generated from the OpenAPI document, for the fuzz test (server/openapi.fuzz.test.ts):
 * valid requests from each operation's examples, enums and bounds, and from them invalid ones —
 * NUL bytes, oversized strings, wrong types, missing fields, numbers out of range, unknown enum
 * values, wrong content types. The document itself (through ajv) decides whether a generated value
 * is invalid, so an "invalid" case is one the document says must be refused.
 */

export type Schema = Record<string, any>;
export interface Doc {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, Schema>; responses?: Record<string, Schema> };
}
/** `nul` cases are invalid too; they are kept apart so their failures read as one list. */
export type CaseKind = 'valid' | 'invalid' | 'nul';

export interface FuzzCase {
  label: string;
  kind: CaseKind;
  params: Record<string, string>;
  query: Record<string, string>;
  body?: { contentType: string | null; text: string };
}

export interface Operation {
  method: string;
  path: string;
  spec: Schema;
}

/**
 * Values for path parameters the document cannot know (ids of rows that exist), by parameter name;
 * the first is the base of every case, each other one gets a valid case of its own.
 */
export type Hints = Record<string, string[]>;

/** `null` when `value` matches `schema` (refs into the document resolve), else what is wrong. */
export type Check = (schema: Schema, value: unknown) => string | null;

type PathKey = string | number;
type Wrong = [what: string, value: unknown];
interface BodyCase {
  label: string;
  kind: CaseKind;
  value?: unknown;
  contentType?: string | null;
  text?: string;
}

const NUL = '\u0000';
const HUGE = 'x'.repeat(200_000);
/** Tried in order for a string with a pattern and no example. */
const PATTERN_CANDIDATES = ['48271', '1842', 'demo', 'refund_id', 'email', 'evt_00000001', '08:00', 'a', 'x1'];
const DATE_TIME = '2026-11-23T09:00:00.000Z';
const REMOVE = Symbol('remove');

export function operations(doc: Doc): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ method: method.toUpperCase(), path, spec })),
  );
}

/**
 * One ajv over the whole document, so `$ref: #/components/schemas/…` resolves as written.
 * `coerceTypes` reads query and path strings as the numbers they stand for.
 *
 * @example const check = documentValidator(doc); check({ $ref: '#/components/schemas/Error' }, body) // null
 */
export function documentValidator(doc: Doc, options: { coerceTypes?: boolean } = {}): Check {
  const ajv = new Ajv2020({ strict: true, coerceTypes: options.coerceTypes ?? false });
  ajv.addKeyword({ keyword: 'example' });
  ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i);
  const rebase = (schema: Schema): Schema =>
    JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/'));
  ajv.addSchema({ $id: 'doc', $defs: rebase(doc.components.schemas) });
  const compiled = new Map<string, ValidateFunction>();
  return (schema, value) => {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rebase(schema));
      compiled.set(key, validate);
    }
    return validate(structuredClone(value)) ? null : ajv.errorsText(validate.errors);
  };
}

const deref = (doc: Doc, schema: Schema): Schema =>
  typeof schema.$ref === 'string' ? deref(doc, doc.components.schemas[schema.$ref.split('/').pop()!]!) : schema;

const typeOf = (s: Schema): string | undefined =>
  (Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type) ?? (s.properties ? 'object' : undefined);

const label = (at: PathKey[]) => at.join('.') || '(body)';

/** A value the schema accepts: its example, first enum value or default, else built from its bounds. */
function validValue(doc: Doc, schema: Schema, full: boolean): unknown {
  const s = deref(doc, schema);
  if (s.example !== undefined && !(full && typeOf(s) === 'object')) return structuredClone(s.example);
  if (s.enum) return s.enum.find((v: unknown) => v !== null);
  if (s.anyOf) return validValue(doc, s.anyOf[0], full);
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'date-time') return DATE_TIME;
      if (!s.pattern) return 'fuzz value here'.padEnd(s.minLength ?? 0, 'x').slice(0, s.maxLength ?? 100);
      const re = new RegExp(s.pattern, 'u');
      const found = PATTERN_CANDIDATES.find((v) => re.test(v) && v.length <= (s.maxLength ?? Infinity));
      if (found === undefined) throw new Error(`no sample value for pattern ${s.pattern}: give the schema an example`);
      return found;
    }
    case 'integer':
    case 'number':
      return s.default ?? s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => validValue(doc, s.items ?? {}, full));
    case 'object': {
      // The "every property" body fills in what the example leaves out.
      const out: Record<string, unknown> = full || s.example === undefined ? {} : structuredClone(s.example);
      for (const [name, prop] of Object.entries<Schema>(s.properties ?? {})) {
        if (!(name in out) && (full || (s.required ?? []).includes(name))) out[name] = validValue(doc, prop, full);
      }
      return out;
    }
    default:
      return 'fuzz';
  }
}

/** Every place in `value` the schema describes, and each required property (to leave out). */
function slots(doc: Doc, schema: Schema, value: unknown, at: PathKey[] = []) {
  const s = deref(doc, schema);
  const found = { leaves: [{ at, schema: s }], required: [] as PathKey[][] };
  const merge = (other: typeof found) => {
    found.leaves.push(...other.leaves);
    found.required.push(...other.required);
  };
  if (typeOf(s) === 'object' && value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [name, child] of Object.entries(value)) {
      const record = typeof s.additionalProperties === 'object' ? (s.additionalProperties as Schema) : undefined;
      const prop = s.properties?.[name] ?? record;
      if (prop) merge(slots(doc, prop, child, [...at, name]));
    }
    for (const name of s.required ?? []) found.required.push([...at, name]);
  }
  if (typeOf(s) === 'array' && Array.isArray(value) && value.length > 0) {
    merge(slots(doc, s.items ?? {}, value[0], [...at, 0]));
  }
  return found;
}

function setAt(root: unknown, at: PathKey[], next: unknown): unknown {
  if (at.length === 0) return next;
  const copy = structuredClone(root) as Record<PathKey, unknown>;
  let cursor = copy;
  for (const key of at.slice(0, -1)) cursor = cursor[key] as Record<PathKey, unknown>;
  const last = at[at.length - 1]!;
  if (next === REMOVE) delete cursor[last];
  else cursor[last] = next;
  return copy;
}

/** Wrong values for one place: guesses the document's validator then confirms or drops. */
function wrongValues(s: Schema, current: unknown): Wrong[] {
  const out: Wrong[] = [];
  switch (typeOf(s)) {
    case 'string':
      if (s.maxLength !== undefined) out.push([`past maxLength ${s.maxLength}`, 'x'.repeat(s.maxLength + 1)]);
      if (s.enum) out.push(['not in the enum', 'not-a-listed-value']);
      if (s.pattern) out.push(['not matching the pattern', '!! not matching !!']);
      if (s.format === 'date-time') out.push(['not a date-time', 'yesterday at noon']);
      if (s.minLength) out.push(['empty', '']);
      out.push(['a number instead of a string', 12345]);
      break;
    case 'integer':
    case 'number':
      if (s.minimum !== undefined) out.push([`below minimum ${s.minimum}`, s.minimum - 1]);
      if (s.exclusiveMinimum !== undefined) out.push([`at exclusiveMinimum ${s.exclusiveMinimum}`, s.exclusiveMinimum]);
      if (s.maximum !== undefined) out.push([`above maximum ${s.maximum}`, s.maximum + 1]);
      // Without a maximum: past what 32- and 64-bit columns hold (the document allows these, so no 5xx either).
      else out.push(['2^32', 2 ** 32], ['2^63', 2 ** 63]);
      if (typeOf(s) === 'integer') out.push(['a fraction', 1.5]);
      out.push(['a string instead of a number', String(current)], ['1e308', 1e308]);
      break;
    case 'boolean':
      out.push(['a string instead of a boolean', 'true']);
      break;
    case 'array':
      if (s.maxItems !== undefined && Array.isArray(current)) {
        const item = (i: number) => (typeof current[0] === 'string' ? `${current[0]}${i}` : current[0]);
        out.push([`past maxItems ${s.maxItems}`, Array.from({ length: s.maxItems + 1 }, (_, i) => item(i))]);
      }
      if (s.minItems) out.push(['fewer than minItems', []]);
      out.push(['an object instead of an array', {}]);
      break;
    case 'object':
      out.push(['an array instead of an object', []], ['null', null]);
      break;
  }
  return out;
}

/** Wrong values at every place of one valid body, a NUL byte in every string (and map key) of it. */
function bodyMutations(doc: Doc, schema: Schema, base: unknown, seen: Set<string>): BodyCase[] {
  const out: BodyCase[] = [];
  const { leaves, required } = slots(doc, schema, base);
  for (const at of required) {
    out.push({ label: `body.${label(at)}: missing`, kind: 'invalid', value: setAt(base, at, REMOVE) });
  }
  for (const { at, schema: s } of leaves) {
    const where = `body.${label(at)}`;
    const current = at.reduce<any>((v, k) => v?.[k], base);
    if (typeof current === 'string' && !seen.has(`${where} nul`)) {
      seen.add(`${where} nul`);
      out.push({ label: `${where}: NUL byte`, kind: 'nul', value: setAt(base, at, `${current}${NUL}`) });
    }
    // Keys are strings too, in maps such as RunQuery.params or Settings roleMapping.jira.groups.
    const isMap = typeof s.additionalProperties === 'object' && current && typeof current === 'object';
    if (isMap && !seen.has(`${where} nul key`)) {
      seen.add(`${where} nul key`);
      const entry = Object.values(current)[0] ?? validValue(doc, s.additionalProperties, false);
      out.push({ label: `${where}: NUL byte in a key`, kind: 'nul', value: setAt(base, at, { [`key${NUL}`]: entry }) });
    }
    for (const [what, wrong] of wrongValues(s, current)) {
      out.push({ label: `${where}: ${what}`, kind: 'invalid', value: setAt(base, at, wrong) });
    }
  }
  return out;
}

/** Body cases: the valid bodies, every wrong value at every place, then wrong framing. */
function bodyCases(doc: Doc, check: Check, spec: Schema, rand: () => number) {
  const content = Object.keys(spec.requestBody.content)[0]!;
  const schema = spec.requestBody.content[content].schema as Schema;
  const minimal = validValue(doc, schema, false);
  const full = validValue(doc, schema, true);
  const seen = new Set<string>();
  const out: BodyCase[] = [
    { label: 'body: example', kind: 'valid', value: minimal },
    { label: 'body: every property', kind: check(schema, full) ? 'invalid' : 'valid', value: full },
    ...bodyMutations(doc, schema, minimal, seen),
    ...bodyMutations(doc, schema, full, seen),
  ];
  // Two huge strings per operation, not one per field: the run has to stay short.
  const strings = slots(doc, schema, minimal).leaves.filter((l) => typeOf(l.schema) === 'string');
  for (let i = 0; i < Math.min(2, strings.length); i++) {
    const { at } = strings[Math.floor(rand() * strings.length)]!;
    out.push({ label: `body.${label(at)}: 200 kB string`, kind: 'invalid', value: setAt(minimal, at, HUGE) });
  }
  const text = JSON.stringify(minimal);
  out.push(
    { label: 'body: text/plain', kind: 'invalid', contentType: 'text/plain', text },
    { label: 'body: no content-type', kind: 'invalid', contentType: null, text },
    { label: 'body: application/xml', kind: 'invalid', contentType: 'application/xml', text: '<grant/>' },
    { label: 'body: broken multipart', kind: 'invalid', contentType: 'multipart/form-data; boundary=z', text: 'x' },
    { label: 'body: malformed JSON', kind: 'invalid', text: text.slice(0, -1) },
    { label: 'body: JSON null', kind: 'invalid', text: 'null' },
    { label: 'body: a NUL byte before the JSON', kind: 'invalid', text: `${NUL}${text}` },
  );
  return out.map((c) => ({
    label: c.label,
    // A guess the document accepts after all (say an anyOf allows the "wrong" type) is a valid case.
    kind: c.kind === 'invalid' && c.value !== undefined && !check(schema, c.value) ? ('valid' as const) : c.kind,
    body: {
      contentType: c.contentType === undefined ? content : c.contentType,
      text: c.text ?? JSON.stringify(c.value),
    },
  }));
}

/** Path and query parameter cases, one parameter wrong at a time, as strings the way they travel. */
function parameterCases(spec: Schema, check: Check, base: Record<'path' | 'query', Record<string, string>>) {
  const out: Array<{ label: string; kind: CaseKind; where: 'path' | 'query'; name: string; value: string }> = [];
  for (const p of (spec.parameters ?? []) as Schema[]) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const where = p.in as 'path' | 'query';
    const current = base[where][p.name] ?? '';
    const add = (what: string, value: string, kind: CaseKind = 'invalid') => {
      const confirmed = kind === 'invalid' && !check(p.schema, value) ? 'valid' : kind;
      out.push({ label: `${where}.${p.name}: ${what}`, kind: confirmed, where, name: p.name, value });
    };
    add('NUL byte', `${current || 'x'}${NUL}`, 'nul');
    add('5000 characters', 'x'.repeat(5000));
    for (const [what, wrong] of wrongValues(p.schema, current)) if (typeof wrong !== 'object') add(what, String(wrong));
  }
  return out;
}

/**
 * The case generator for one document. `casesFor` gives every case of an operation: valid ones
 * (required parameters only, every parameter, each other hint and enum value), each parameter
 * wrong in turn beside the required ones, then the body cases.
 *
 * @example const { casesFor } = caseGenerator(doc); for (const c of casesFor(op, hints, seededRandom(7))) send(op, c);
 */
export function caseGenerator(doc: Doc) {
  const check = documentValidator(doc);
  const checkParam = documentValidator(doc, { coerceTypes: true });
  return {
    check,
    casesFor(op: Operation, hints: Hints, rand: () => number): FuzzCase[] {
      const params = (op.spec.parameters ?? []) as Schema[];
      const path: Record<string, string> = {};
      const query: Record<string, string> = {};
      const everyQuery: Record<string, string> = {};
      for (const p of params) {
        const value = p.in === 'path' && hints[p.name] ? hints[p.name]![0]! : String(validValue(doc, p.schema, false));
        if (p.in === 'path') path[p.name] = value;
        if (p.in === 'query') everyQuery[p.name] = value;
        if (p.in === 'query' && p.required) query[p.name] = value;
      }
      const body = op.spec.requestBody ? bodyCases(doc, check, op.spec, rand) : [];
      const validBody = body[0] ? { body: body[0].body } : {};
      const cases: FuzzCase[] = [
        { label: 'valid: required parameters', kind: 'valid', params: path, query, ...validBody },
        { label: 'valid: every parameter', kind: 'valid', params: path, query: everyQuery, ...validBody },
      ];
      // Each other known row, and each other value of an enum query parameter (format=csv answers CSV).
      for (const p of params) {
        const enumValues = (deref(doc, p.schema).enum ?? []) as string[];
        const hinted = hints[p.name]?.slice(1) ?? [];
        const others = p.in === 'path' ? hinted : enumValues.filter((v) => v !== everyQuery[p.name]);
        for (const other of others) {
          const at =
            p.in === 'path'
              ? { params: { ...path, [p.name]: other }, query }
              : { params: path, query: { ...everyQuery, [p.name]: other } };
          cases.push({ label: `valid: ${p.name} ${other}`, kind: 'valid', ...at, ...validBody });
        }
      }
      // Beside only the required parameters, so no cross-field rule (toSeq ≥ fromSeq) answers first.
      for (const c of parameterCases(op.spec, checkParam, { path, query: everyQuery })) {
        const next = { path: { ...path }, query: { ...query } };
        next[c.where][c.name] = c.value;
        cases.push({ label: c.label, kind: c.kind, params: next.path, query: next.query, ...validBody });
      }
      for (const c of body.slice(1)) cases.push({ label: c.label, kind: c.kind, params: path, query, body: c.body });
      return cases;
    },
  };
}

/** The URL of a case: path parameters encoded into the template, then the query. */
export function urlOf(op: Operation, c: FuzzCase): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params[name] ?? ''));
  const query = new URLSearchParams(c.query).toString();
  return query ? `${path}?${query}` : path;
}
