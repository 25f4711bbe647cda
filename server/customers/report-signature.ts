import canonicalize from 'canonicalize';
import { compactVerify, CompactSign, importJWK, type JSONWebKeySet } from 'jose';
import type { ReportSignature, SignedTransparencyReport, TransparencyReport } from '../../shared/transparency.js';
import { CHECKPOINT_KID_PREFIX } from '../audit/checkpoint-keys.js';
import type { SigningKey } from '../keys/signing-keys.js';

/** RFC 8785: the bytes that are signed. A report is plain JSON, so canonicalize never returns undefined. */
const canonicalBytes = (report: TransparencyReport) => new TextEncoder().encode(canonicalize(report)!);

/**
 * Signs a report with the checkpoint key: a compact JWS over its RFC 8785 canonical JSON, with the
 * payload detached (`header..signature`) since the report travels beside it.
 *
 * @example const signed = await signReport(keys.current, report, 'https://ta.example/.well-known/jwks.json');
 */
export async function signReport(
  key: SigningKey,
  report: TransparencyReport,
  jwksUrl: string,
): Promise<SignedTransparencyReport> {
  const jws = await new CompactSign(canonicalBytes(report))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'ticketed-access-report+jws' })
    .sign(key.privateKey);
  const [header, , signature] = jws.split('.');
  const sig: ReportSignature = {
    alg: 'EdDSA',
    kid: key.kid,
    canonicalization: 'RFC8785',
    jws: `${header}..${signature}`,
    jwksUrl,
  };
  return { report, signature: sig };
}

export type ReportVerdict = { ok: true; kid: string } | { ok: false; reason: string };

/**
 * Checks a signed report against published keys, trusting only checkpoint keys (the ones kept
 * outside the database). Any change to the report — one character, one key — breaks it.
 *
 * @example const verdict = await verifyReport(JSON.parse(reportText), JSON.parse(jwksText));
 */
export async function verifyReport(signed: unknown, jwks: JSONWebKeySet): Promise<ReportVerdict> {
  const s = signed as Partial<SignedTransparencyReport> | null;
  const detached = s?.signature?.jws;
  if (!s?.report || typeof detached !== 'string') return { ok: false, reason: 'no report or no signature' };
  const [header, empty, signature] = detached.split('.');
  if (!header || empty !== '' || !signature) return { ok: false, reason: 'the signature is not a detached JWS' };
  let kid: unknown;
  try {
    kid = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')).kid;
  } catch {
    return { ok: false, reason: 'the signature header does not parse' };
  }
  const jwk = jwks.keys.find((k) => k.kid === kid && k.kid?.startsWith(CHECKPOINT_KID_PREFIX));
  if (!jwk) return { ok: false, reason: `no published checkpoint key has kid ${String(kid)}` };
  const payload = Buffer.from(canonicalBytes(s.report)).toString('base64url');
  try {
    const key = await importJWK(jwk, 'EdDSA');
    await compactVerify(`${header}.${payload}.${signature}`, key, { algorithms: ['EdDSA'] });
  } catch {
    return { ok: false, reason: 'the signature does not match the report: it was changed after it was issued' };
  }
  return { ok: true, kid: String(kid) };
}
