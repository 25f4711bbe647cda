import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import type { DialectName } from './db/connect.js';
import type { Logger } from './errors.js';
import type { GrantTokenClaims } from './tokens/grant-tokens.js';

export type Role = 'agent' | 'lead' | 'admin';

/** Who is calling, as established by the auth middleware — never taken from the request body. */
export interface Actor {
  tenant: string;
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** What services need from the outside world; tests pass a fixed clock. */
export interface Deps {
  db: Kysely<Database>;
  dialect: DialectName;
  now: () => Date;
  logger: Logger;
}

export interface AppEnv {
  Variables: {
    actor: Actor;
    /** Set when the caller is an internal tool holding a grant token (events and status only). */
    grantToken?: GrantTokenClaims;
  };
}
