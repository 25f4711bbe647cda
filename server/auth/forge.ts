import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { highestRole } from '../../shared/roles.js';
import type { ForgeConfig } from '../config.js';
import type { Actor, AuthInfo, Deps, Role } from '../app-env.js';
import { readSettings } from '../settings/settings.repository.js';
import { rememberUser } from './identity.repository.js';
import { findTenantHost } from './tenant-hosts.js';
import { AuthError, authErrorFrom } from './token-errors.js';
import { ttlCache } from './ttl-cache.js';

export const FORGE_ISSUER = 'forge/invocation-token';

/**
 * The Forge Invocation Token (FIT) Forge Remote sends as `Authorization: Bearer`: RS256 from the
 * Forge JWKS, `iss = forge/invocation-token`, `aud` = the app's ARI, `principal` = the Atlassian
 * accountId, `context.cloudId` = the Jira site (our tenant), `app.apiBaseUrl` for product calls
 * made with the app system token (`x-forge-oauth-system`), and `app.module` ({ type, key }) names the
 * module of the app that invoked. A trigger's token may carry no `principal`.
 */
interface FitClaims extends JWTPayload {
  principal?: string;
  context?: { cloudId?: string };
  app?: { apiBaseUrl?: string; installationId?: string; module?: { type?: string; key?: string } };
}

/** Who a verified FIT speaks for, and how: `auth.host` when the module is one of the app's triggers. */
export interface ForgeIdentity {
  actor: Actor;
  auth: AuthInfo;
}

export interface JiraUser {
  accountId: string;
  name: string;
  email: string;
  groups: string[];
}

export type JiraUserLookup = (apiBaseUrl: string, systemToken: string, accountId: string) => Promise<JiraUser>;

const jiraUsers = ttlCache<JiraUser>(5 * 60_000);

/** GET /rest/api/3/user?accountId=…&expand=groups as the app; cached for five minutes. */
export const fetchJiraUser: JiraUserLookup = (apiBaseUrl, systemToken, accountId) =>
  jiraUsers.get(`${apiBaseUrl}:${accountId}`, async () => {
    const url = new URL('/rest/api/3/user', apiBaseUrl);
    url.searchParams.set('accountId', accountId);
    url.searchParams.set('expand', 'groups');
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${systemToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok)
      throw new AuthError('jira_user_unavailable', `Jira did not confirm user ${accountId} (HTTP ${res.status})`);
    const user = (await res.json()) as {
      displayName?: string;
      emailAddress?: string;
      groups?: { items?: Array<{ name: string }> };
    };
    return {
      accountId,
      name: user.displayName ?? accountId,
      email: user.emailAddress ?? '',
      groups: (user.groups?.items ?? []).map((g) => g.name),
    };
  });

/** The highest role any of the user's groups maps to, else the default. */
export function mapJiraRole(
  mapping: { groups: Record<string, Role>; defaultRole: Role | null },
  groups: string[],
): Role | null {
  return highestRole(groups.map((g) => mapping.groups[g])) ?? mapping.defaultRole;
}

/** Verifies a FIT (with the app system token, when Forge sent one) and says who it speaks for. */
export type ForgeVerifier = (token: string, systemToken: string | undefined, now: Date) => Promise<ForgeIdentity>;

/**
 * Builds the FIT verifier; the JWKS is fetched lazily, cached, and refetched on an unknown `kid`.
 *
 * @example const verifyForge = forgeVerifier(deps, config.forge); await verifyForge(fit, systemToken, new Date());
 */
export function forgeVerifier(
  deps: Deps,
  config: ForgeConfig,
  lookup: JiraUserLookup = fetchJiraUser,
  cooldownMs = 30_000,
): ForgeVerifier {
  const { db } = deps;
  // Cached for an hour; a token with an unknown `kid` refetches (at most once per cooldown), so a
  // Forge key rotation is picked up without a restart.
  const jwks = createRemoteJWKSet(new URL(config.jwksUrl), {
    cacheMaxAge: 60 * 60_000,
    cooldownDuration: cooldownMs,
    timeoutDuration: 5_000,
  });

  const triggers = new Set(config.triggerModuleKeys);

  /**
   * @example const { actor, auth } = await verifyForge(fit, req.header('x-forge-oauth-system'), new Date());
   */
  return async function verifyForge(token: string, systemToken: string | undefined, now: Date): Promise<ForgeIdentity> {
    let claims: FitClaims;
    try {
      ({ payload: claims } = await jwtVerify<FitClaims>(token, jwks, {
        algorithms: ['RS256'],
        issuer: FORGE_ISSUER,
        audience: config.appAri,
        currentDate: now,
        requiredClaims: ['exp'],
        clockTolerance: 30,
      }));
    } catch (err) {
      throw authErrorFrom(err, 'Forge invocation token');
    }
    const cloudId = z.string().min(1).safeParse(claims.context?.cloudId);
    if (!cloudId.success) throw new AuthError('token_invalid_claims', 'Forge invocation token lacks context.cloudId');
    const moduleKey = z.string().min(1).max(200).safeParse(claims.app?.module?.key);
    const forgeModuleKey = moduleKey.success ? moduleKey.data : undefined;
    const { tenant } = await findTenantHost(db, `jira:${cloudId.data}`, z.object({}).passthrough());

    // A trigger speaks for Jira (an issue moved to done), whoever the principal was, if any: its
    // token is a host credential, never a user's sign-in, so no role is looked up for it.
    if (forgeModuleKey && triggers.has(forgeModuleKey)) {
      const name = `Jira (Forge trigger ${forgeModuleKey})`;
      const actor: Actor = { tenant, id: `forge:${forgeModuleKey}`, name, email: '', role: 'agent' };
      return { actor, auth: { via: 'forge', host: true, forgeModuleKey } };
    }
    const principal = z.string().min(1).safeParse(claims.principal);
    if (!principal.success) {
      const message = "Forge invocation token lacks principal (only the app's trigger may call without a user)";
      throw new AuthError('token_invalid_claims', message);
    }

    const settings = await readSettings(db, tenant, deps.logger);
    const apiBaseUrl = claims.app?.apiBaseUrl;
    const user: JiraUser =
      systemToken && apiBaseUrl
        ? await lookup(apiBaseUrl, systemToken, principal.data)
        : { accountId: principal.data, name: principal.data, email: '', groups: [] };
    const role = mapJiraRole(settings.roleMapping.jira, user.groups);
    if (!role)
      throw new AuthError(
        'no_role',
        `${user.name} has no Ticketed Access role; an admin can map a Jira group in settings`,
      );
    const actor: Actor = { tenant, id: user.accountId, name: user.name, email: user.email, role };
    await rememberUser(db, actor, now.toISOString());
    return { actor, auth: { via: 'forge', host: false, ...(forgeModuleKey ? { forgeModuleKey } : {}) } };
  };
}
