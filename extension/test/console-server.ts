import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { seedDemoHistory } from '../../server/demo/history.js';
import { seedDemo } from '../../server/demo/seed.js';
import { ZENDESK_FRAME_ANCESTORS } from '../../server/http/secure-headers.js';
import { openTestDatabase } from '../../server/test/test-db.js';

export interface ConsoleServer {
  url: string;
  call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The real server over a fresh SQLite file holding the demo tenant and its 30 days of history
 * (as `npm start` seeds them), on the real clock, for the console's browser tests and bench.
 */
export async function startConsoleServer(): Promise<ConsoleServer> {
  const database = await openTestDatabase('sqlite');
  const quiet = { error: () => {}, warn: () => {}, info: () => {} };
  const deps = { db: database.db, dialect: 'sqlite' as const, now: () => new Date(), logger: quiet };
  await seedDemo(database.db);
  await seedDemoHistory(deps, new Date());
  // A local page plays Zendesk around the nav-bar console: it may frame the Zendesk location.
  const app = createApp(deps, {
    authMode: 'dev',
    zendeskFrameAncestors: [...ZENDESK_FRAME_ANCESTORS, 'http://127.0.0.1:*'],
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async call(user, method, path, body) {
      const headers: Record<string, string> = { 'x-dev-user': user };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as any };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await database.drop();
    },
  };
}
