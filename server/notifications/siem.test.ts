import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { chainHashOfStored, chainFieldsOf } from '../audit/audit-chain.js';
import { httpReceiver } from '../test/notify-receivers.js';
import { createTestContext, recordSession, type TestContext } from '../test/test-app.js';
import { testDialects } from '../test/test-db.js';
import { deliverStreams } from './siem.js';
import { defaultDeliveryOptions } from './worker.js';

const SECRET = `whsec_${Buffer.from('a-standard-webhooks-secret-32byte').toString('base64')}`;
const HEC_TOKEN = '8c3f1a2b-hec-token-0001';

describe.each(testDialects)('SIEM streams (%s)', (dialect) => {
  let t: TestContext;
  let sink: Awaited<ReturnType<typeof httpReceiver>>;
  let hec: Awaited<ReturnType<typeof httpReceiver>>;
  let failHec = false;
  const options = { ...defaultDeliveryOptions, owner: 'test', batch: 7 };
  const drain = async () => {
    for (let i = 0; i < 50 && (await deliverStreams(t.deps, options)) > 0; i++);
  };

  beforeEach(async () => {
    t = await createTestContext(dialect);
    sink = await httpReceiver();
    failHec = false;
    hec = await httpReceiver((req) =>
      failHec || req.headers.authorization !== `Splunk ${HEC_TOKEN}`
        ? { status: 503, body: { text: 'Server is busy', code: 9 } }
        : { status: 200, body: { text: 'Success', code: 0 } },
    );
    const put = await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
      slack: null,
      sinks: [
        { id: 'webhook-siem', kind: 'webhook', url: `${sink.url}/ingest`, secret: SECRET },
        { id: 'splunk', kind: 'splunk_hec', url: hec.url, token: HEC_TOKEN, index: 'security' },
      ],
    });
    expect(put.status).toBe(200);
  });
  afterEach(async () => {
    await sink.close();
    await hec.close();
    await t.close();
  });

  const chain = () => t.db.selectFrom('audit_events').selectAll().where('tenant', '=', 'demo').orderBy('seq').execute();

  it('sends every audit event in order with its chain hash, signed per Standard Webhooks', async () => {
    await recordSession(t, 'agent-ann');
    await drain();
    const rows = await chain();
    expect(rows.length).toBeGreaterThan(5);
    const wh = new Webhook(SECRET);
    // The receiver's clock is the test's: the signed timestamp is checked against it.
    vi.useFakeTimers({ now: t.deps.now(), toFake: ['Date'] });
    const received = sink.requests.map((r) => {
      const verified = wh.verify(r.body, {
        'webhook-id': r.headers['webhook-id']!,
        'webhook-timestamp': r.headers['webhook-timestamp']!,
        'webhook-signature': r.headers['webhook-signature']!,
      }) as { type: string; data: { seq: number; hash: string; prevHash: string; kind: string } };
      expect(r.headers['webhook-id']).toBe(`demo:${verified.data.seq}`);
      return verified.data;
    });
    expect(received.map((e) => e.seq)).toEqual(rows.map((r) => r.seq));
    expect(received.map((e) => e.hash)).toEqual(rows.map((r) => r.hash));
    // The receiver can re-walk the chain from what it got.
    for (const [i, e] of received.entries()) {
      const row = rows[i]!;
      expect(e.prevHash).toBe(row.prev_hash);
      expect(chainHashOfStored(row.prev_hash, chainFieldsOf(row, row.data))).toBe(e.hash);
    }
    // A tampered body does not verify.
    const first = sink.requests[0]!;
    expect(() =>
      wh.verify(first.body.replace('"seq":1', '"seq":9'), {
        'webhook-id': first.headers['webhook-id']!,
        'webhook-timestamp': first.headers['webhook-timestamp']!,
        'webhook-signature': first.headers['webhook-signature']!,
      }),
    ).toThrow();
    vi.useRealTimers();
  });

  it('sends Splunk HEC batches with the token, in order, and retries a failing collector from where it stopped', async () => {
    failHec = true;
    await recordSession(t, 'agent-ann');
    await drain();
    expect(hec.requests.length).toBeGreaterThan(0);
    const status = await t.call('admin-ada', 'GET', '/v1/deliveries/streams');
    const splunk = status.body.streams.find((s: { sinkId: string }) => s.sinkId === 'splunk');
    expect(splunk).toMatchObject({ deliveredSeq: 0, attempts: 1, lastError: expect.stringMatching(/503/) });
    expect(splunk.behind).toBe((await chain()).length);

    failHec = false;
    hec.requests.length = 0;
    t.clock.advance(1); // past the first backoff (30 s)
    await drain();
    const events = hec.requests.flatMap((r) => {
      expect(r.path).toBe('/services/collector/event');
      expect(r.headers.authorization).toBe(`Splunk ${HEC_TOKEN}`);
      return r.body
        .split('\n')
        .map((line) => JSON.parse(line) as { index: string; event: { seq: number; hash: string } });
    });
    const rows = await chain();
    expect(events.map((e) => e.event.seq)).toEqual(rows.map((r) => r.seq));
    expect(events.map((e) => e.event.hash)).toEqual(rows.map((r) => r.hash));
    expect(events.every((e) => e.index === 'security')).toBe(true);
    expect(hec.requests.length).toBe(Math.ceil(rows.length / 7));
    const after = (await t.call('lead-lee', 'GET', '/v1/deliveries/streams')).body.streams;
    expect(after.find((s: { sinkId: string }) => s.sinkId === 'splunk')).toMatchObject({
      behind: 0,
      attempts: 0,
      failing: false,
    });
  });

  it('keeps sink secrets out of GET answers; a PUT without a secret keeps the stored one', async () => {
    const { body } = await t.call('admin-ada', 'GET', '/v1/deliveries/channels');
    expect(JSON.stringify(body)).not.toContain(HEC_TOKEN);
    expect(JSON.stringify(body)).not.toContain(SECRET);
    expect(body.sinks.map((s: { secret: string }) => s.secret)).toEqual([`…${SECRET.slice(-4)}`, '…0001']);
    const keep = await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
      slack: null,
      sinks: [{ id: 'splunk', kind: 'splunk_hec', url: hec.url }],
    });
    expect(keep.status).toBe(200);
    await recordSession(t, 'agent-ann');
    await drain();
    expect(hec.requests.every((r) => r.headers.authorization === `Splunk ${HEC_TOKEN}`)).toBe(true);
    const missing = await t.call('admin-ada', 'PUT', '/v1/deliveries/channels', {
      slack: null,
      sinks: [{ id: 'new-sink', kind: 'splunk_hec', url: hec.url }],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.issues[0].path).toBe('sinks.0.token');
    const trail = JSON.stringify(await t.db.selectFrom('audit_events').select('data').execute());
    expect(trail).not.toContain(HEC_TOKEN);
  });
});
