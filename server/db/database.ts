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
  audit_archives: AuditArchivesTable;
  audit_purges: AuditPurgesTable;
  audit_verify_jobs: AuditVerifyJobsTable;
  outbox: OutboxTable;
  siem_streams: SiemStreamsTable;
  delivery_channels: DeliveryChannelsTable;
  grant_approvals: GrantApprovalsTable;
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

/** A sealed archive of one closed range of a tenant's chain, written to the store outside the database. */
export interface AuditArchivesTable {
  tenant: string;
  /** `<period>-<fromSeq>-<toSeq>`, e.g. `2025-03-000000000001-000000000412`: its folder in the store. */
  id: string;
  /** The calendar month the range covers: [period_start, period_end). */
  period_start: string;
  period_end: string;
  from_seq: number;
  to_seq: number;
  row_count: number;
  /** The hash the range's first row chains from (genesis for seq 1). */
  prev_hash: string;
  /** The hash of row to_seq, signed by the archive's closing checkpoint. */
  closing_hash: string;
  manifest_sha256: string;
  /** Where the store keeps it (a folder, or a bucket prefix). */
  location: string;
  created_at: string;
}

/**
 * One purge: rows from_seq..to_seq of a tenant's chain left the database after they were archived.
 * While the row exists, the delete trigger lets those seqs go (and only those); it stays as the record.
 */
export interface AuditPurgesTable {
  tenant: string;
  from_seq: number;
  to_seq: number;
  /** The hash of row to_seq: the chain left in the database starts from it. */
  anchor_hash: string;
  /** The archive ids that cover the range. */
  archives: JsonText<string[]>;
  /** Rows that happened before this moment (now − retentionDays) were due. */
  cutoff: string;
  rows_deleted: number;
  grants_deleted: number;
  access_events_deleted: number;
  purged_at: string;
  purged_by: string;
}

export type AuditArchiveRow = Selectable<AuditArchivesTable>;
export type AuditPurgeRow = Selectable<AuditPurgesTable>;
/** A background full re-walk of a tenant's chain (server/audit/verify-jobs.ts). */
export interface AuditVerifyJobsTable {
  id: string;
  tenant: string;
  state: 'running' | 'done' | 'failed';
  started_by: string;
  started_at: string;
  /** Moved on with each page walked; a running job not moved on for a minute was abandoned. */
  updated_at: string;
  finished_at: string | null;
  checked: number;
  /** Rows in the chain when the job started. */
  total: number;
  /** The verify result (GET /v1/audit/verify's shape) once done. */
  result: JsonText<unknown> | null;
  error: string | null;
}

export type AuditVerifyJobRow = Selectable<AuditVerifyJobsTable>;
export type OutboxState = 'pending' | 'delivered' | 'dead' | 'skipped';

/** One announcement for one channel (server/notifications/): queued in the event's transaction. */
export interface OutboxTable {
  id: Generated<number>;
  tenant: string;
  /** What is announced: an audit kind (`grant.requested`) or a reminder (`grant.reminder`). */
  topic: string;
  channel: 'email' | 'slack' | 'ticket_note';
  /** `audit:<event id>` or `<topic>:<grant id>:<n>`; with `channel`, unique. */
  dedupe_key: string;
  grant_id: string | null;
  audit_event_id: number | null;
  payload: JsonText<Record<string, unknown>>;
  state: OutboxState;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** While a worker sends the row, nobody else claims it; a worker killed mid-send lets it run out. */
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}
export type OutboxRow = Selectable<OutboxTable>;

/** How far a SIEM sink has received a tenant's audit chain (it is read in seq order). */
export interface SiemStreamsTable {
  tenant: string;
  sink_id: string;
  delivered_seq: Generated<number>;
  attempts: Generated<number>;
  next_attempt_at: string;
  lease_until: string | null;
  lease_owner: string | null;
  last_error: string | null;
  updated_at: string;
}
export type SiemStreamRow = Selectable<SiemStreamsTable>;

export interface DeliveryChannelsTable {
  tenant: string;
  /** Slack webhook and SIEM sinks with their secrets (shared/notifications.ts), never returned whole. */
  value: JsonText<Record<string, unknown>>;
  updated_at: string;
  updated_by: string;
}

export interface GrantApprovalsTable {
  tenant: string;
  grant_id: string;
  approver_id: string;
  approver_name: string;
  note: string | null;
  approved_at: string;
}
