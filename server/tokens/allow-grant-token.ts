import type { MiddlewareHandler } from 'hono';
import type { Actor, AppEnv, Deps } from '../app-env.js';
import { acceptsCredential } from '../auth/route-credentials.js';
import { refuseSignIn } from '../auth/sign-in-refusal.js';
import type { SigningKeys } from '../keys/signing-keys.js';
import { claimsGrantToken, verifyGrantToken, type GrantTokenClaims } from './grant-tokens.js';

/** What a route that takes grant tokens adds to `c.var`: the verified claims, when a tool called. */
export interface GrantTokenEnv {
  Variables: { grantToken?: GrantTokenClaims };
}

export interface AllowGrantTokenOptions {
  deps: Pick<Deps, 'db' | 'now' | 'logger'>;
  keys: SigningKeys;
  /** Accept a token up to a week past expiry: event reports queued while the tool was cut off. */
  lateDelivery?: boolean;
}

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * Route middleware: this route also takes a grant token. `authenticate` refuses a grant token on
 * every route without it (401 `grant_token_not_allowed`); here the token is verified (a refusal is
 * a recorded 401) and the tool becomes the caller — the agent the grant is for, in its tenant —
 * with `c.var.grantToken` holding the claims. Any other caller passes through untouched.
 *
 * @example
 * createRoute({ method: 'get', path: '/{id}/check', middleware: [allowGrantToken({ deps, keys })], … })
 */
export function allowGrantToken(options: AllowGrantTokenOptions): MiddlewareHandler<AppEnv & GrantTokenEnv> {
  const { deps, keys, lateDelivery = false } = options;
  return acceptsCredential('grant_token', async function allowGrantToken(c, next) {
    const bearer = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
    if (!bearer || !claimsGrantToken(bearer)) return next();
    let claims: GrantTokenClaims;
    try {
      claims = await verifyGrantToken(await keys('grant'), bearer, deps.now(), lateDelivery);
    } catch (err) {
      return refuseSignIn(deps, c, err);
    }
    const actor: Actor = { tenant: claims.tenant, id: claims.sub, name: claims.sub, email: '', role: 'agent' };
    c.set('grantToken', claims);
    c.set('actor', actor);
    c.set('auth', { via: 'grant_token', host: false });
    await next();
  } satisfies MiddlewareHandler<AppEnv & GrantTokenEnv>);
}
