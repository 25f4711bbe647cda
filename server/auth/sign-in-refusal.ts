import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { Deps } from '../app-env.js';
import { AppError } from '../errors.js';
import { recordAuthFailure } from './auth-failures.js';
import { AuthError } from './token-errors.js';

type RefusalDeps = Pick<Deps, 'db' | 'now' | 'logger'>;

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

/**
 * Refuses a sign-in: keeps the refusal (bounded, see auth-failures.ts) and throws it, so the one
 * `onError` answers. Anything that is not our error becomes a plain 401, never a 500 with details.
 *
 * @example try { actor = await sessions.verify(token) } catch (err) { await refuseSignIn(deps, c, err) }
 */
export async function refuseSignIn(deps: RefusalDeps, c: Context, err: unknown): Promise<never> {
  const refusal = err instanceof AppError ? err : new AuthError('unauthenticated', 'Sign-in could not be checked');
  const { method, path } = c.req;
  const failure = { code: refusal.code, source: clientAddress(c), method, path, detail: refusal.message };
  await recordAuthFailure(deps.db, failure, deps.now()).catch((e: unknown) =>
    deps.logger.error('[auth] could not record a refused sign-in', e),
  );
  throw refusal;
}
