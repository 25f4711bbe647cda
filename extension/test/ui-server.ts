import { createServer, type Server } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/database.js';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { seedDemo } from '../../server/demo/seed.js';
import { ZENDESK_FRAME_ANCESTORS } from '../../server/http/secure-headers.js';
import { openTestDatabase } from '../../server/test/test-db.js';
import { openTestProductionDatabase } from '../../server/test/test-gateway.js';

export interface UiServer {
  url: string;
  /** The server's database, for a test that must move a stored time (a start window that passed). */
  db: Kysely<Database>;
  /** While true, close-check requests never get an answer (a backend that hangs). */
  hangCloseCheck: boolean;
  call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The real server (API and built UI) listening on a random port over a fresh, migrated, seeded
 * SQLite file, with the real clock so countdowns run. Needs `dist/extension` (vitest's global setup
 * builds it).
 */
export async function startUiServer(): Promise<UiServer> {
  const database = await openTestDatabase('sqlite');
  await seedDemo(database.db);
  // The demo production data behind the read-only gateway, so saved queries run as in the demo.
  const production = await openTestProductionDatabase('sqlite');
  const quiet = { error: () => {}, warn: () => {}, info: () => {} };
  // The stand-in for Zendesk (serveHtml) frames the sidebar from another local port.
  const app = createApp(
    { db: database.db, dialect: 'sqlite', now: () => new Date(), logger: quiet },
    {
      authMode: 'dev',
      zendeskFrameAncestors: [...ZENDESK_FRAME_ANCESTORS, 'http://127.0.0.1:*'],
      gateway: production.gateway,
    },
  );
  const state = { hangCloseCheck: false };
  const server = await new Promise<Server>((resolve) => {
    const s = serve(
      {
        fetch: (req: Request) =>
          state.hangCloseCheck && req.url.includes('/close-check') ? new Promise<Response>(() => {}) : app.fetch(req),
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s as Server),
    );
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    db: database.db,
    get hangCloseCheck() {
      return state.hangCloseCheck;
    },
    set hangCloseCheck(v: boolean) {
      state.hangCloseCheck = v;
    },
    async call(user, method, path, body) {
      const headers: Record<string, string> = { 'x-dev-user': user };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(url + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await database.drop();
      await production.drop();
    },
  };
}

/** A plain static server for one HTML page on another origin (the stand-in for Zendesk). */
export async function serveHtml(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
