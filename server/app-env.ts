import type { Kysely } from 'kysely';
import type { Role } from '../shared/roles.js';
import type { Database } from './db/database.js';
import type { DialectName } from './db/connect.js';
import type { Logger } from './errors.js';
import type { HeavyReads } from './reads/heavy-reads.js';

export type { Role };

/** Who is calling, as established by the auth middleware — never taken from the request body. */
export interface Actor {
  tenant: string;
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** How the caller proved who they are; the auth middleware sets it beside `actor`. */
export type AuthVia = 'session' | 'dev' | 'forge' | 'grant_token' | 'integration';

export interface AuthInfo {
  via: AuthVia;
  /**
   * The caller speaks for the helpdesk host itself, not for a person: the Forge trigger (its
   * verified invocation token names a trigger module) or an integration credential an admin issued.
   * Such callers may only report tickets closed, and only they may.
   */
  host: boolean;
  /** Forge: `app.module.key` of the verified invocation token, the module that invoked. */
  forgeModuleKey?: string;
  /** Integration: the credential's id. */
  integrationId?: string;
}

/** What services need from the outside world; tests pass a fixed clock. */
export interface Deps {
  db: Kysely<Database>;
  dialect: DialectName;
  now: () => Date;
  logger: Logger;
  /**
   * Where long reads run (chain walks, export pages, large lists): the server passes a worker with
   * its own read-only connection; without it they run inline on `db` (tests, tools).
   */
  reads?: HeavyReads;
  /** New grant ids; default random. The demo history passes a seeded one so two seeds match row for row. */
  newGrantId?: () => string;
}

/**
 * What `authenticate` (server/auth/authenticate.ts) sets for every `/v1` route. A route that takes
 * a grant token adds `grantToken` through its own middleware (server/tokens/allow-grant-token.ts).
 */
export interface AppEnv {
  Variables: {
    actor: Actor;
    auth: AuthInfo;
  };
}
