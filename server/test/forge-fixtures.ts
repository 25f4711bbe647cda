import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { listen } from './listen.js';

export const TEST_APP_ARI = 'ari:cloud:ecosystem::app/8a6c3b1e-1111-4222-8333-944455556666';
export const TEST_CLOUD_ID = 'c0ffee00-0000-4000-8000-000000000001';
/** Module keys from extension/forge/manifest.yml: the issue panel (a user) and the trigger (Jira itself). */
export const PANEL_MODULE = { type: 'jira:issuePanel', key: 'ticketed-access-panel' };
export const TRIGGER_MODULE = { type: 'core:trigger', key: 'ticketed-access-issue-updated' };

/**
 * Forge's side for tests: an RS256 key pair generated here, its public key served as a JWKS on
 * loopback, and Forge Invocation Tokens signed with it.
 */
export async function startForgeJwks() {
  const key = await generateKeyPair('RS256', { extractable: true });
  const keys: JWK[] = [{ ...(await exportJWK(key.publicKey)), kid: 'forge-test-1', alg: 'RS256', use: 'sig' }];
  const server = await listen(new Hono().get('/.well-known/jwks.json', (c) => c.json({ keys })));
  return {
    jwksUrl: `${server.url}/.well-known/jwks.json`,
    close: () => server.close(),
    /**
     * A FIT as Forge Remote sends it for `principal` (none when `null`, as a trigger may) on the
     * site `cloudId`, invoked by `module` (the issue panel unless told).
     */
    sign(
      claims: {
        principal?: string | null;
        cloudId?: string;
        now?: Date;
        apiBaseUrl?: string;
        module?: { type: string; key: string };
      } = {},
      signingKey: CryptoKey = key.privateKey,
    ) {
      const iat = Math.floor((claims.now ?? new Date()).getTime() / 1000);
      const module = claims.module ?? PANEL_MODULE;
      return new SignJWT({
        ...(claims.principal === null ? {} : { principal: claims.principal ?? 'acc-eng' }),
        app: {
          id: TEST_APP_ARI,
          installationId: 'ari:cloud:ecosystem::installation/test',
          apiBaseUrl: claims.apiBaseUrl ?? 'https://api.atlassian.invalid',
          module,
        },
        context: { cloudId: claims.cloudId ?? TEST_CLOUD_ID, moduleKey: module.key },
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'forge-test-1' })
        .setIssuer('forge/invocation-token')
        .setAudience(TEST_APP_ARI)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 60)
        .sign(signingKey);
    },
  };
}
