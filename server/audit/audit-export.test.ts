import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { appendAuditEvents } from './audit.repository.js';
import { EXPORT_PAGE_ROWS, streamExport } from './audit-export.js';
import { verifyExport } from './checkpoints.js';

const quiet = { error: () => {}, warn: () => {}, info: () => {} };

describe.each(testDialects)('audit export streamed page by page on %s', (dialect) => {
  let t: TestContext;
  beforeEach(async () => {
    t = await createTestContext(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  async function fill(rows: number) {
    const events = Array.from({ length: rows }, (_, i) => ({
      tenant: 'demo',
      kind: 'bench.event',
      occurredAt: t.clock.iso(),
      actorId: 'agent-ann',
      data: { i, '10': 'b', '9': 'a' },
    }));
    for (let i = 0; i < events.length; i += 1_000) await appendAuditEvents(t.db, events.slice(i, i + 1_000));
  }

  it('sends a chain longer than several pages as a stream that verifies offline, in JSON lines and CSV', async () => {
    const rows = EXPORT_PAGE_ROWS * 2 + 321;
    await fill(rows);
    const res = await t.app.request('/v1/audit/export?format=jsonl', { headers: { 'x-dev-user': 'lead-lee' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull(); // streamed, not built whole
    expect(res.headers.get('cache-control')).toContain('no-transform');
    const jsonl = await res.text();
    const jwks = await (await t.app.request('/.well-known/jwks.json')).json();
    expect(await verifyExport(jsonl, jwks)).toMatchObject({ ok: true, rows: rows });

    const csv = await (
      await t.app.request('/v1/audit/export?format=csv', { headers: { 'x-dev-user': 'lead-lee' } })
    ).text();
    expect(csv.trimEnd().split('\n')).toHaveLength(rows + 1);
  });

  it('closes a range in the middle of a page exactly at toSeq, with a trailer that signs that range', async () => {
    await fill(EXPORT_PAGE_ROWS + 10);
    const res = await t.app.request(`/v1/audit/export?fromSeq=5&toSeq=${EXPORT_PAGE_ROWS + 3}`, {
      headers: { 'x-dev-user': 'lead-lee' },
    });
    const jsonl = await res.text();
    const jwks = await (await t.app.request('/.well-known/jwks.json')).json();
    const verdict = await verifyExport(jsonl, jwks);
    expect(verdict).toMatchObject({ ok: true, rows: EXPORT_PAGE_ROWS - 1 });
  });
});

describe('streamExport', () => {
  async function* pages(reads: string[], count: number, failAt?: number) {
    for (let i = 0; i < count; i += 1) {
      if (i === failAt) throw new Error('database went away');
      reads.push(`page ${i}`);
      yield { text: `row ${i}\n`, first: i === 0 ? 'prev' : null, last: { seq: i + 1, hash: `h${i}` }, rows: 1 };
    }
  }

  it('reads a page only when the client asks for more: no read-ahead, so backpressure reaches the database', async () => {
    const reads: string[] = [];
    const stream = streamExport(pages(reads, 5), async (first, last) => `trailer ${first} ${last?.seq}\n`, quiet);
    const reader = stream.getReader();
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toEqual([]); // nothing read before the first pull
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('row 0\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(reads).toEqual(['page 0']);
    let text = '';
    for (let next = await reader.read(); !next.done; next = await reader.read())
      text += new TextDecoder().decode(next.value);
    expect(text).toBe('row 1\nrow 2\nrow 3\nrow 4\ntrailer prev 5\n');
  });

  it('ends without the signed trailer when a read fails half way, so the export cannot verify', async () => {
    const reads: string[] = [];
    const stream = streamExport(pages(reads, 5, 2), async () => 'trailer\n', quiet);
    const reader = stream.getReader();
    let text = '';
    await expect(
      (async () => {
        for (let next = await reader.read(); !next.done; next = await reader.read())
          text += new TextDecoder().decode(next.value);
      })(),
    ).rejects.toThrow('database went away');
    expect(text).toBe('row 0\nrow 1\n');
  });

  it('stops reading when the client goes away', async () => {
    const reads: string[] = [];
    const stream = streamExport(pages(reads, 100), null, quiet);
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    expect(reads).toEqual(['page 0']);
  });
});
