import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The console's session (our session token), set after OIDC sign-in. */
export const SESSION_COOKIE = 'ta_session';
/** The OIDC sign-in in flight (state, nonce, PKCE verifier), sealed by us, only sent back to /auth/oidc. */
export const OIDC_PENDING_COOKIE = 'ta_oidc';
const SESSION = { path: '/', httpOnly: true, sameSite: 'Lax' } as const;
const PENDING = { path: '/auth/oidc', httpOnly: true, sameSite: 'Lax' } as const;

export interface CookieOptions {
  /** `Secure`: set whenever the server is reached over HTTPS (config `secureCookies`). */
  secure: boolean;
}

/** The session cookie's value, if the browser sent one (hono/cookie decodes it; bad encoding stays as sent). */
export const readSessionCookie = (c: Context): string | undefined => getCookie(c, SESSION_COOKIE);

/**
 * HttpOnly so page scripts never see it; SameSite=Lax so other sites' forms do not carry it on a
 * POST (and `authenticate` also wants a same-site Origin on every state change made with it).
 *
 * @example setSessionCookie(c, session.token, sessions.ttlSeconds, { secure: true });
 */
export function setSessionCookie(c: Context, token: string, maxAgeSeconds: number, options: CookieOptions): void {
  setCookie(c, SESSION_COOKIE, token, { ...SESSION, maxAge: maxAgeSeconds, secure: options.secure });
}

/** @example clearSessionCookie(c, { secure }); // sign-out */
export function clearSessionCookie(c: Context, options: CookieOptions): void {
  deleteCookie(c, SESSION_COOKIE, { ...SESSION, secure: options.secure });
}

export const readOidcPending = (c: Context): string | undefined => getCookie(c, OIDC_PENDING_COOKIE);

/** Ten minutes to finish signing in at the provider. @example setOidcPending(c, sealed, { secure }); */
export function setOidcPending(c: Context, sealed: string, options: CookieOptions): void {
  setCookie(c, OIDC_PENDING_COOKIE, sealed, { ...PENDING, maxAge: 600, secure: options.secure });
}

/** @example clearOidcPending(c); // the callback used it */
export function clearOidcPending(c: Context): void {
  deleteCookie(c, OIDC_PENDING_COOKIE, { path: PENDING.path });
}
