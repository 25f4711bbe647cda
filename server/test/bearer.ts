import type { TestContext } from './test-app.js';

/**
 * A call with `Authorization: Bearer …` instead of a dev user: an integration credential, a grant
 * token, a session token.
 *
 * @example const { status } = await callWithBearer(t, secret, 'POST', '/v1/tickets/48271/closed', body);
 */
export async function callWithBearer<T = any>(
  t: TestContext,
  bearer: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; headers: Headers }> {
  const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
  const res = await t.app.request(path, init);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

/** An admin issues an integration credential; returns its id and the bearer secret. */
export async function issueIntegration(
  t: TestContext,
  name = 'ops-ticket-closer',
  admin = 'admin-ada',
): Promise<{ id: string; secret: string }> {
  const res = await t.call(admin, 'POST', '/v1/integrations', { name });
  if (res.status !== 201) throw new Error(`could not issue an integration credential: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, secret: res.body.secret };
}
