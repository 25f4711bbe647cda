// A real server process on a test database, for tests that kill it mid-request.
import { serve } from '@hono/node-server';
import { createApp } from '../app.js';
import { connectDatabase } from '../db/connect.js';

const [url, schema] = process.argv.slice(2);
if (!url) throw new Error('usage: server-child <url> <schema|->');
const { db, dialect } = connectDatabase(url, schema && schema !== '-' ? { schema } : {});
const app = createApp({ db, dialect, now: () => new Date(), logger: console }, { authMode: 'dev' });
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(`PORT ${info.port}\n`));
