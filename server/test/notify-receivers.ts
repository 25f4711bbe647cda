import { Hono } from 'hono';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { listen } from './listen.js';

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback (no TLS, no auth) that keeps every message it receives. */
export async function smtpReceiver(): Promise<{ url: string; mails: CapturedMail[]; close(): Promise<void> }> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

type Answer = { status: number; body?: unknown };

/**
 * An HTTP receiver on loopback that records every request and answers with `status()` (200 by
 * default), for Slack webhooks, SIEM sinks and the Zendesk API stand-in.
 */
export async function httpReceiver(
  answer: (req: CapturedRequest) => Answer | Promise<Answer> = () => ({ status: 200 }),
) {
  const requests: CapturedRequest[] = [];
  const app = new Hono();
  app.all('*', async (c) => {
    const req: CapturedRequest = {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      headers: Object.fromEntries(c.req.raw.headers.entries()),
      body: await c.req.text(),
    };
    requests.push(req);
    const { status, body } = await answer(req);
    return c.json(body ?? { ok: status < 300 }, status as 200);
  });
  const server = await listen(app);
  return { ...server, requests };
}

/** Waits until `check` holds (polling), or fails after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A received mail's headers (unfolded) and its text and HTML parts (quoted-printable decoded). */
export function readMail(mail: CapturedMail) {
  const raw = mail.raw.replace(/\r\n/g, '\n');
  const [head = '', ...rest] = raw.split('\n\n');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const decoded = rest
    .join('\n\n')
    .replace(/=\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return { subject: headers.get('subject') ?? '', headers, body: Buffer.from(decoded, 'latin1').toString('utf8') };
}
