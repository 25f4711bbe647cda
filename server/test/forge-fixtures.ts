import { Hono } from 'hono';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { listen } from './listen.js';

export const TEST_APP_ARI = 'ari:cloud:ecosystem::app/8a6c3b1e-1111-4222-8333-944455556666';
export const TEST_CLOUD_ID = 'c0ffee00-0000-4000-8000-000000000001';

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
    /** A FIT as Forge Remote sends it for `principal` on the site `cloudId`. */
    sign(claims: { principal?: string; cloudId?: string; now?: Date; apiBaseUrl?: string } = {}, signingKey: CryptoKey = key.privateKey) {
      const iat = Math.floor((claims.now ?? new Date()).getTime() / 1000);
      return new SignJWT({
        principal: claims.principal ?? 'acc-eng',
        app: { id: TEST_APP_ARI, installationId: 'ari:cloud:ecosystem::installation/test', apiBaseUrl: claims.apiBaseUrl ?? 'https://api.atlassian.invalid' },
        context: { cloudId: claims.cloudId ?? TEST_CLOUD_ID, moduleKey: 'ticketed-access-panel' },
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
