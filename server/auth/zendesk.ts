import { decodeJwt, importSPKI, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import { readSettings } from '../settings/settings.repository.js';
import type { Actor, Deps, Role } from '../app-env.js';
import { forgetUsedTokens, markTokenUsed, rememberUser } from './identity.repository.js';
import { findTenantHost, zZendeskHostConfig, type ZendeskHostConfig } from './tenant-hosts.js';
import { AuthError, authErrorFrom } from './token-errors.js';
import { ttlCache } from './ttl-cache.js';

/**
 * Claims Zendesk puts in the signed-URL token it POSTs (form field `token`) to a location URL when
 * the manifest sets `signedUrls: true` (RS256, signed with the app's key pair):
 * - `iss`: the account's host, `<subdomain>.zendesk.com`
 * - `aud`: the app installation, `https://<subdomain>.zendesk.com/api/v2/apps/installations/<id>.json`
 * - `sub`: the current user — a numeric id or that user's API URL (`…/api/v2/users/<id>.json`)
 * - `iat`, `exp`, and `qsh` (hash of the query string)
 * We check signature, issuer, audience, expiry and not-before, accept each token once, and read
 * the user's name, email and role from the Zendesk API with the admin's credentials.
 */
export interface ZendeskUser {
  id: string;
  name: string;
  email: string;
  role: string;
  customRoleId: string | null;
}

export type ZendeskUserLookup = (config: ZendeskHostConfig, subdomain: string, userId: string) => Promise<ZendeskUser>;

const users = ttlCache<ZendeskUser>(5 * 60_000);

/** GET /api/v2/users/{id}.json with the admin-configured API token; cached for five minutes. */
export const fetchZendeskUser: ZendeskUserLookup = (config, subdomain, userId) =>
  users.get(`${subdomain}:${userId}`, async () => {
    if (!config.apiEmail || !config.apiToken) {
      throw new AuthError(
        'zendesk_api_not_configured',
        `Zendesk API credentials are not configured for ${subdomain}; an admin must add them`,
      );
    }
    const base = config.apiBaseUrl ?? `https://${subdomain}.zendesk.com`;
    const auth = Buffer.from(`${config.apiEmail}/token:${config.apiToken}`).toString('base64');
    const res = await fetch(new URL(`/api/v2/users/${encodeURIComponent(userId)}.json`, base), {
      headers: { authorization: `Basic ${auth}`, accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok)
      throw new AuthError('zendesk_user_unavailable', `Zendesk did not confirm user ${userId} (HTTP ${res.status})`);
    const { user } = (await res.json()) as {
      user: { id: number; name: string; email: string; role: string; custom_role_id?: number | null };
    };
    return {
      id: String(user.id),
      name: user.name,
      email: user.email,
      role: user.role,
      customRoleId: user.custom_role_id ? String(user.custom_role_id) : null,
    };
  });

function subdomainOf(iss: unknown): string {
  const match = typeof iss === 'string' ? /^(?:https:\/\/)?([a-z0-9][a-z0-9-]*)\.zendesk\.com\/?$/i.exec(iss) : null;
  if (!match?.[1])
    throw new AuthError('token_wrong_issuer', 'Zendesk token does not name a Zendesk account as its issuer');
  return match[1].toLowerCase();
}

function userIdOf(sub: unknown): string {
  const match =
    typeof sub === 'string' || typeof sub === 'number' ? /(?:users\/)?(\d+)(?:\.json)?$/.exec(String(sub)) : null;
  if (!match?.[1]) throw new AuthError('token_invalid_claims', 'Zendesk token does not name the current user');
  return match[1];
}

/** Zendesk role (or custom role) → ours, per the tenant's settings; null means no access. */
export function mapZendeskRole(
  mapping: { admin: Role | null; agent: Role | null; customRoles: Record<string, Role | null> },
  user: ZendeskUser,
): Role | null {
  if (user.customRoleId && user.customRoleId in mapping.customRoles)
    return mapping.customRoles[user.customRoleId] ?? null;
  if (user.role === 'admin') return mapping.admin;
  if (user.role === 'agent') return mapping.agent;
  return null;
}

/**
 * Verifies the token Zendesk posted and returns who is calling.
 *
 * @example const actor = await verifyZendeskToken(deps, form.token);
 */
export async function verifyZendeskToken(
  deps: Deps,
  token: string,
  lookup: ZendeskUserLookup = fetchZendeskUser,
): Promise<Actor> {
  const { db } = deps;
  const now = deps.now();
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(token);
  } catch (err) {
    throw authErrorFrom(err, 'Zendesk token');
  }
  const subdomain = subdomainOf(claims.iss);
  const { tenant, config } = await findTenantHost(db, `zendesk:${subdomain}`, zZendeskHostConfig);
  try {
    await jwtVerify(token, await importSPKI(config.publicKeyPem, 'RS256'), {
      algorithms: ['RS256'],
      issuer: [`${subdomain}.zendesk.com`, `https://${subdomain}.zendesk.com`],
      audience: `https://${subdomain}.zendesk.com/api/v2/apps/installations/${config.installationId}.json`,
      currentDate: now,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 30,
    });
  } catch (err) {
    throw authErrorFrom(err, 'Zendesk token');
  }

  // Once only: the token is a bearer credential that sits in a form post; a second use is a replay.
  const tokenHash = createHash('sha256').update(token).digest('hex');
  const firstUse = await markTokenUsed(db, tokenHash, new Date(Number(claims.exp) * 1000).toISOString());
  if (!firstUse) throw new AuthError('token_replayed', 'Zendesk token was already used; reload the app');
  await forgetUsedTokens(db, now.toISOString());

  const user = await lookup(config, subdomain, userIdOf(claims.sub));
  const settings = await readSettings(db, tenant, deps.logger);
  const role = mapZendeskRole(settings.roleMapping.zendesk, user);
  if (!role)
    throw new AuthError(
      'no_role',
      `${user.name} has no Ticketed Access role (Zendesk role ${user.role}); an admin can map it in settings`,
    );
  const actor: Actor = { tenant, id: user.id, name: user.name, email: user.email, role };
  await rememberUser(db, actor, now.toISOString());
  return actor;
}
