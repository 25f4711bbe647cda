import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role } from '../../shared/roles.js';
import type { GrantStatus } from '../../shared/grant-rules.js';

/**
 * The whole schema as Kysely sees it. Conventions, the same on SQLite and PostgreSQL:
 * times are ISO-8601 UTC text (`2026-11-22T17:43:00.000Z`, so text order is time order),
 * booleans are 0/1 integers, JSON is text parsed by the repositories.
 */
export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  customers: CustomersTable;
  tickets: TicketsTable;
  settings: SettingsTable;
  grants: GrantsTable;
  access_events: AccessEventsTable;
  audit_events: AuditEventsTable;
  tenant_hosts: TenantHostsTable;
  used_tokens: UsedTokensTable;
  signing_keys: SigningKeysTable;
  auth_failures: AuthFailuresTable;
  reviews: ReviewsTable;
  saved_queries: SavedQueriesTable;
  integration_credentials: IntegrationCredentialsTable;
}

/** A JSON document stored as text; the type parameter says what it holds once parsed. */
export type JsonText<_T> = string;
export type Bool = 0 | 1;

export interface TenantsTable {
  id: string;
  host: 'dev' | 'zendesk' | 'jira';
  name: string;
  /** e.g. `https://acme.zendesk.com/agent/tickets/{ticketId}`. */
  ticket_url_template: string | null;
  created_at: string;
}

export interface UsersTable {
  tenant: string;
  id: string;
  name: string;
  email: string;
  role: Role;
  created_at: string;
}

export interface CustomersTable {
  tenant: string;
  id: string;
  name: string;
  created_at: string;
}

export interface TicketsTable {
  tenant: string;
  id: string;
  subject: string;
  requester_name: string;
  requester_email: string;
  customer_id: string | null;
  status: string;
  created_at: string;
}

export interface SettingsTable {
  tenant: string;
  value: JsonText<unknown>;
  updated_at: string;
  updated_by: string | null;
}

// The status union is the grant rules' own (shared/grant-rules.ts), not a second copy.
export type { GrantStatus };

export interface GrantsTable {
  id: string;
  tenant: string;
  ticket_id: string;
  ticket_url: string | null;
  requester_id: string;
  requester_name: string;
  requester_email: string;
  reason: string;
  reason_vague: Bool;
  customer_id: string;
  systems: JsonText<string[]>;
  access: 'read' | 'write';
  write_need: string | null;
  masked_data_checked: Bool | null;
  emergency: Bool;
  emergency_justification: string | null;
  duration_minutes: number;
  /** Stored status; `expired` and `lapsed` may be due before the sweeper writes them (see shared/grant-rules.ts). */
  status: GrantStatus;
  requested_at: string;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_note: string | null;
  /** Latest moment an approved grant may be started (approval + start window). */
  start_by: string | null;
  started_at: string | null;
  expires_at: string | null;
  ended_at: string | null;
  ended_by_id: string | null;
  end_note: string | null;
  cancelled_at: string | null;
  outcome: JsonText<unknown> | null;
  flags: JsonText<unknown[]>;
  /** 1 when `flags` is not empty; kept in step by grantFlagColumns, indexed for the review queue. */
  flagged: Generated<Bool>;
  event_count: number;
  record_count: number;
  updated_at: string;
  unmask_fields: Generated<JsonText<string[]>>;
  /** Decided extensions, oldest first: `GrantExtension[]` (shared/grants.ts). */
  extensions: Generated<JsonText<unknown[]>>;
  /** The extension waiting for an approver: `PendingExtension` (shared/grants.ts), or null. */
  pending_extension: Generated<JsonText<unknown> | null>;
  /** Display name of `ended_by_id` when a person ended the session (null for the clock). */
  ended_by_name: Generated<string | null>;
}

export interface AccessEventsTable {
  id: Generated<number>;
  tenant: string;
  grant_id: string;
  actor_id: string;
  kind: 'view' | 'query' | 'export' | 'change';
  target: string;
  fields: JsonText<string[]>;
  record_count: number | null;
  query_name: string | null;
  occurred_at: string;
  /** 0 when the event arrived without an active grant (kept as shadow access, never dropped). */
  accepted: Bool;
  source: Generated<'session' | 'grant_token' | 'gateway'>;
  masked_fields: Generated<JsonText<string[]>>;
  parameters: JsonText<Record<string, unknown>> | null;
  /** The customer the event concerns, when the reporter says (a grant token always does). */
  customer_id: string | null;
  /** The reporter's id for the event; unique per grant, so retries are stored once. */
  client_event_id: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  tenant: string;
  /** Position in the tenant's hash chain, from 1 without gaps. */
  seq: number;
  /** The canonical JSON the hash covers: 1 = before RFC 8785 (integer-like keys first), 2 = RFC 8785. */
  canon: number;
  occurred_at: string;
  actor_id: string | null;
  kind: string;
  grant_id: string | null;
  ticket_id: string | null;
  customer_id: string | null;
  data: JsonText<Record<string, unknown>>;
  prev_hash: string;
  hash: string;
}

export type GrantRow = Selectable<GrantsTable>;
export type NewGrantRow = Insertable<GrantsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type AccessEventRow = Selectable<AccessEventsTable>;

export interface TenantHostsTable {
  /** `zendesk:<subdomain>` or `jira:<cloudId>`. */
  host_key: string;
  tenant: string;
  host: 'zendesk' | 'jira';
  /** Zendesk: `{ publicKeyPem, installationId, apiEmail?, apiToken?, apiBaseUrl? }`; Jira: `{}`. */
  config: JsonText<Record<string, unknown>>;
  created_at: string;
}

export interface UsedTokensTable {
  token_hash: string;
  expires_at: string;
}

export interface SigningKeysTable {
  purpose: string;
  kid: string;
  alg: string;
  private_jwk: JsonText<object>;
  public_jwk: JsonText<object>;
  created_at: string;
}

export interface AuthFailuresTable {
  id: Generated<number>;
  at: string;
  code: string;
  /** Client address as the server saw it. */
  source: string;
  method: string;
  path: string;
  detail: string;
}

export interface ReviewsTable {
  tenant: string;
  grant_id: string;
  verdict: 'ok' | 'concern';
  note: string;
  reviewer_id: string;
  reviewer_name: string;
  reviewed_at: string;
}

export interface SavedQueriesTable {
  tenant: string;
  name: string;
  /** The saved query as the admin defined it (validated by the gateway's zod schema). */
  definition: JsonText<Record<string, unknown>>;
  updated_by: string;
  updated_at: string;
}

/** A credential an admin issued to a tool of the company (bearer `tai_<id>_<secret>`). */
export interface IntegrationCredentialsTable {
  /** Globally unique, so the bearer names its row; the tenant comes from the row, never the caller. */
  id: string;
  tenant: string;
  name: string;
  /** Hex SHA-256 of the secret part; the secret itself is shown once and never stored. */
  secret_hash: string;
  scopes: JsonText<string[]>;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

export type IntegrationCredentialRow = Selectable<IntegrationCredentialsTable>;
