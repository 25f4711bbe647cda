import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.js';
import { registerTenantHost } from './auth/tenant-hosts.js';
import { seededRandom } from './demo/production-data.js';
import { openTestProductionDatabase, type TestProductionDatabase } from './test/test-gateway.js';
import {
  caseGenerator,
  operations,
  urlOf,
  type Doc,
  type FuzzCase,
  type Hints,
  type Operation,
} from './test/openapi-cases.js';
import { createTestContext, seedRequest, type TestContext } from './test/test-app.js';
import { testDialects } from './test/test-db.js';

/**
 * Schema-driven fuzzing: every operation in `/openapi.json`, with requests generated from the
 * document (server/test/openapi-cases.ts), sent as two agents, a lead and an admin, each answer held
 * to the document: no 5xx, no undocumented status, media type or body, no request the document
 * calls invalid accepted, and no refused request writing a row the operation does not declare.
 */

const USERS = ['agent-ann', 'agent-bob', 'lead-lee', 'admin-ada'];
const WEBHOOK_SECRET = 'whsec-fuzz-0123456789';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const ERROR = { $ref: '#/components/schemas/Error' };
/**
 * Every table a request could write to: `counts()`'s four and the rest, bar the deliberate records
 * of refused sign-ins (auth_failures), one-time token use (used_tokens) and lazily made signing keys.
 */
const TABLES = [
  'grants',
  'access_events',
  'audit_events',
  'settings',
  'reviews',
  'saved_queries',
  'users',
  'tenants',
  'tenant_hosts',
  'customers',
  'tickets',
];
type Rows = Record<string, number> & { lastAuditId: number; lastEventId: number };
interface RefusalsRecorded {
  auditKinds: string[];
  shadowEvents?: boolean;
}

/** Reads first, then changes, then what ends a grant or removes a row, so each operation meets live rows. */
const rank = (op: Operation) =>
  op.method === 'DELETE' ? 3 : /\/(end|revoke|cancel|deny|closed)$/.test(op.path) ? 2 : op.method === 'GET' ? 0 : 1;

const report = (problems: string[]) => `${problems.length} disagreements:\n${problems.slice(0, 100).join('\n')}`;

describe.each(testDialects)('the OpenAPI document holds for generated requests on %s', (dialect) => {
  let t: TestContext;
  let production: TestProductionDatabase;
  let app: ReturnType<typeof createApp>;
  let doc: Doc;
  let generator: ReturnType<typeof caseGenerator>;
  let hints: Hints;
  let rows: Rows;
  /** Every status answered in the current operation's run. */
  let statuses: number[] = [];

  beforeAll(async () => {
    t = await createTestContext(dialect);
    // With a production connection, saved-query runs really run (no 503 for a missing gateway).
    production = await openTestProductionDatabase(dialect);
    app = createApp(t.deps, {
      authMode: 'dev',
      gateway: production.gateway,
      notifications: { slack: { signingSecret: WEBHOOK_SECRET, botToken: null, apiUrl: 'http://127.0.0.1:9/api/' } },
    });
    doc = await (await app.request('/openapi.json')).json();
    generator = caseGenerator(doc);
    await registerTenantHost(t.db, {
      tenant: 'demo',
      host: 'zendesk',
      hostKey: 'zendesk:demo',
      name: 'Demo',
      ticketUrlTemplate: null,
      config: {
        publicKeyPem: '-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----',
        installationId: '1',
        webhookSecret: WEBHOOK_SECRET,
      },
    });
    // Rows for path parameters to point at: agent-ann's active grant and agent-bob's pending one.
    const active = (await t.call('agent-ann', 'POST', '/v1/grants', seedRequest())).body.id as string;
    await t.call('lead-lee', 'POST', `/v1/grants/${active}/approve`, {});
    await t.call('agent-ann', 'POST', `/v1/grants/${active}/start`);
    const other = seedRequest({ ticketId: '48302', customerId: '2207' });
    const pending = (await t.call('agent-bob', 'POST', '/v1/grants', other)).body.id as string;
    const grants = [active, pending, 'gr_00000000000000000000'];
    hints = {
      id: grants,
      grantId: grants,
      ticketId: ['48271'],
      customerId: ['1842'],
      agentId: ['agent-ann'],
      subdomain: ['demo'],
    };
    rows = await rowCounts();
  });
  afterAll(async () => {
    await production?.drop();
    await t?.close();
  });

  /** Rows in every table and the newest audit and access event ids, in one round trip (it runs after each request). */
  async function rowCounts(): Promise<Rows> {
    const counts = TABLES.map((table) => sql`(select count(*) from ${sql.table(table)}) as ${sql.id(table)}`);
    const {
      rows: [row],
    } = await sql<Record<string, string | number | null>>`select ${sql.join(counts)},
      (select max(id) from audit_events) as "lastAuditId",
      (select max(id) from access_events) as "lastEventId"`.execute(t.db);
    return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v ?? 0)])) as Rows;
  }

  /** What a refused request wrote that the operation's `x-refusals-recorded` does not declare. */
  async function undeclaredWrites(op: Operation, before: Rows, after: Rows): Promise<string[]> {
    const declared: RefusalsRecorded = op.spec['x-refusals-recorded'] ?? { auditKinds: [] };
    const problems = TABLES.filter((table) => table !== 'audit_events' && table !== 'access_events')
      .filter((table) => after[table] !== before[table])
      .map((table) => `a refused request changed ${table}: ${before[table]} → ${after[table]} rows`);
    const audit = await t.db.selectFrom('audit_events').select('kind').where('id', '>', before.lastAuditId).execute();
    const stray = audit.map((r) => r.kind).filter((kind) => !declared.auditKinds.includes(kind));
    if (stray.length > 0) problems.push(`a refused request wrote audit events outside x-refusals-recorded: ${stray}`);
    const events = await t.db
      .selectFrom('access_events')
      .select('accepted')
      .where('id', '>', before.lastEventId)
      .execute();
    if (events.length > 0 && (!declared.shadowEvents || events.some((e) => e.accepted))) {
      const why = declared.shadowEvents ? 'some accepted' : 'none declared';
      problems.push(`a refused request stored ${events.length} access events (${why})`);
    }
    return problems;
  }

  /** Where the answer disagrees with what the document says of this operation. */
  function answerProblems(op: Operation, c: FuzzCase, res: Response, text: string): string[] {
    if (res.status >= 500) return ['5xx'];
    const documented = op.spec.responses[String(res.status)];
    if (!documented) return [`status ${res.status} is not documented (documented: ${Object.keys(op.spec.responses)})`];
    const problems: string[] = [];
    if (c.kind !== 'valid' && res.status < 400) problems.push('accepted a request the document says is invalid');
    if (res.status === 429 && !res.headers.get('retry-after')) problems.push('429 without Retry-After');
    const type = res.headers.get('content-type')?.split(';')[0]?.trim() ?? null;
    const content = documented.content as Record<string, { schema: object }> | undefined;
    if (!content) {
      if (text) problems.push(`a body on a response documented without one (${type})`);
    } else if (!type || !content[type]) {
      problems.push(`content-type ${type} is not documented for ${res.status} (documented: ${Object.keys(content)})`);
    } else if (type === 'application/json') {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return [...problems, 'application/json that does not parse'];
      }
      const invalid = generator.check(content[type]!.schema, json);
      if (invalid) problems.push(`body does not match the documented schema: ${invalid}`);
    }
    return problems;
  }

  /** Sends one case and returns what disagrees with the document, each naming the operation and the request. */
  async function exchange(op: Operation, c: FuzzCase, user: string | null): Promise<string[]> {
    const url = urlOf(op, c);
    const headers: Record<string, string> = user ? { 'x-dev-user': user } : {};
    if (c.body?.contentType) headers['content-type'] = c.body.contentType;
    if (op.path.startsWith('/hooks/zendesk/') && c.body) {
      // Signed like Zendesk signs, so the body is checked beyond the signature.
      const timestamp = t.clock.iso();
      headers['x-zendesk-webhook-signature-timestamp'] = timestamp;
      const signature = createHmac('sha256', WEBHOOK_SECRET)
        .update(timestamp + c.body.text)
        .digest('base64');
      headers['x-zendesk-webhook-signature'] = signature;
    }
    if (op.path === '/hooks/slack/interactions' && c.body) {
      // Signed like Slack signs (v0), so the payload is checked beyond the signature.
      const ts = String(Math.floor(t.deps.now().getTime() / 1000));
      headers['x-slack-request-timestamp'] = ts;
      headers['x-slack-signature'] =
        `v0=${createHmac('sha256', WEBHOOK_SECRET).update(`v0:${ts}:${c.body.text}`).digest('hex')}`;
    }
    const res = await app.request(url, { method: op.method, headers, ...(c.body ? { body: c.body.text } : {}) });
    statuses.push(res.status);
    const text = await res.text();
    const problems = answerProblems(op, c, res, text);
    const after = await rowCounts();
    if (res.status >= 400) problems.push(...(await undeclaredWrites(op, rows, after)));
    rows = after;
    const body = c.body ? ` [${c.body.contentType ?? 'no content-type'}] ${c.body.text.slice(0, 160)}` : '';
    const sent = `${op.method} ${url.slice(0, 160)}${body} → ${res.status} ${text.slice(0, 200)}`;
    return problems.map((p) => `${op.method} ${op.path} — ${c.label} — as ${user ?? 'nobody'}: ${sent}\n    ${p}`);
  }

  /** Every selected case of every operation, in a fixed order, as every user (public operations as nobody). */
  async function run(select: (c: FuzzCase) => boolean): Promise<string[]> {
    const rand = seededRandom(10);
    const problems: string[] = [];
    for (const op of operations(doc).sort((a, b) => rank(a) - rank(b))) {
      const isPublic = Array.isArray(op.spec.security) && op.spec.security.length === 0;
      const cases = generator.casesFor(op, hints, rand);
      statuses = [];
      for (const c of cases.filter(select)) {
        for (const user of isPublic ? [null] : USERS) problems.push(...(await exchange(op, c, user)));
      }
      const anonymous: FuzzCase = { ...cases[0]!, label: 'nobody signed in', kind: 'invalid' };
      if (!isPublic && select(anonymous)) problems.push(...(await exchange(op, anonymous, null)));
      // A rate limit that answers everything would pass every check and test nothing.
      if (statuses.length > 0 && statuses.every((s) => s === 429))
        problems.push(`${op.method} ${op.path}: only ever 429`);
    }
    return problems;
  }

  it('answers every generated request as documented, and refused ones write nothing', async () => {
    const problems = await run((c) => c.kind !== 'nul');
    expect(problems, report(problems)).toEqual([]);
  }, 240_000);

  it('refuses a NUL byte in every path parameter, query parameter and body string, writing nothing', async () => {
    const problems = await run((c) => c.kind === 'nul');
    expect(problems, report(problems)).toEqual([]);
  }, 240_000);

  it('answers 405 with Allow, in the error shape, for every method a documented path does not list', async () => {
    expect(doc.components.responses?.MethodNotAllowed).toMatchObject({ headers: { Allow: expect.anything() } });
    const problems: string[] = [];
    const templates = Object.keys(doc.paths).map((path) => ({
      path,
      pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
    for (const { path } of templates) {
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => hints[name]?.[0] ?? 'x');
      // Every template the URL matches answers it (/v1/reviews/summary is also /v1/reviews/{grantId}).
      const matching = templates.filter((x) => x.pattern.test(url));
      const listed = new Set(matching.flatMap((x) => Object.keys(doc.paths[x.path]!).map((m) => m.toUpperCase())));
      if (listed.has('GET')) listed.add('HEAD');
      const allow = [...listed].sort().join(', ');
      for (const method of METHODS.filter((m) => !listed.has(m))) {
        const res = await app.request(url, { method, headers: { 'x-dev-user': 'admin-ada' } });
        const body = await res.json().catch(() => null);
        const where = `${method} ${url} → ${res.status} ${JSON.stringify(body)}`;
        const got = res.headers.get('allow');
        const wrong =
          res.status !== 405
            ? 'expected 405'
            : got !== allow
              ? `Allow ${got}, not ${allow}`
              : generator.check(ERROR, body) || body.error.code !== 'method_not_allowed'
                ? 'not a method_not_allowed error'
                : null;
        if (wrong) problems.push(`${where}: ${wrong}`);
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  });
});
