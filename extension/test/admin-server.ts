import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.js';
import { seedDemo } from '../../server/demo/seed.js';
import { openTestDatabase } from '../../server/test/test-db.js';
import { openTestProductionDatabase } from '../../server/test/test-gateway.js';

export interface AdminUiServer {
  url: string;
  call<T = any>(user: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The real server and built UI over a fresh seeded SQLite file, with the demo production data behind
 * the gateway (so saved-query test runs answer), for the admin and customer screens' browser tests.
 */
export async function startAdminUiServer(): Promise<AdminUiServer> {
  const [database, production] = await Promise.all([openTestDatabase('sqlite'), openTestProductionDatabase('sqlite')]);
  await seedDemo(database.db);
  const quiet = { error: () => {}, warn: () => {}, info: () => {} };
  const app = createApp(
    { db: database.db, dialect: 'sqlite', now: () => new Date(), logger: quiet },
    { authMode: 'dev', gateway: production.gateway },
  );
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
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await Promise.all([database.drop(), production.drop()]);
    },
  };
}
