import type { ParamValue, QueryResult, SavedQuery } from '../../shared/gateway.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { ReadOnlyQueryError, type GatewayDatabaseHandle, type ReadOnlyResult } from '../db/gateway-connection.js';
import type { GrantRow } from '../db/database.js';
import { type AppError, errors } from '../errors.js';
import { effectiveStatus, grantSystems, grantUnmaskFields } from '../grants/grant-view.js';
import { findGrant, type AccessEventInsert } from '../grants/grants.repository.js';
import { gatewayErrors } from './gateway.errors.js';
import { findSavedQuery, insertRunAccessEvent } from './gateway.repository.js';
import { planMasking, maskValue } from './masking.js';
import { bindAgentParams, compileSql, customerParamsNamed } from './query-params.js';

export interface RunRequest {
  grantId: string;
  name: string;
  params: Record<string, ParamValue>;
}

/** Every refusal is kept in the trail: who tried what, on which grant, and why it was refused. */
async function refuse(
  deps: Deps,
  actor: Actor,
  request: RunRequest,
  grant: GrantRow | undefined,
  error: AppError,
  reason: string,
): Promise<never> {
  await deps.db.transaction().execute(async (trx) => {
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'gateway.refused',
        occurredAt: deps.now().toISOString(),
        actorId: actor.id,
        grantId: grant?.id ?? null,
        ticketId: grant?.ticket_id ?? null,
        customerId: grant?.customer_id ?? null,
        data: { requestedGrantId: request.grantId, query: request.name, params: request.params, reason },
      },
    ]);
  });
  throw error;
}

async function recordFailure(
  deps: Deps,
  actor: Actor,
  grant: GrantRow,
  query: SavedQuery,
  parameters: Record<string, unknown>,
  failure: ReadOnlyQueryError,
) {
  await deps.db.transaction().execute(async (trx) => {
    await appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'gateway.query_failed',
        occurredAt: deps.now().toISOString(),
        actorId: actor.id,
        grantId: grant.id,
        ticketId: grant.ticket_id,
        customerId: grant.customer_id,
        data: { query: query.name, parameters, reason: failure.kind, message: failure.message },
      },
    ]);
  });
}

export function toAppError(failure: ReadOnlyQueryError): AppError {
  switch (failure.kind) {
    case 'timeout':
      return gatewayErrors.queryTimeout(failure.message);
    case 'read_only':
      return gatewayErrors.queryReadOnly(failure.message);
    case 'unavailable':
      return gatewayErrors.unavailable(failure.message);
    case 'failed':
      return gatewayErrors.queryFailed(`The saved query failed on the production database: ${failure.message}`);
  }
}

/** Whether any row names a customer other than the grant's (in a customer-id column). */
export function leavesScope(result: ReadOnlyResult, query: SavedQuery, customerId: string): boolean {
  const keys = new Set([query.customerParam.toLowerCase(), 'customer_id']);
  const indexes = result.columns.flatMap((c, i) => (keys.has(c.toLowerCase()) ? [i] : []));
  return (
    indexes.length > 0 &&
    result.rows.some((row) =>
      indexes.some((i) => row[i] !== null && row[i] !== undefined && String(row[i]) !== customerId),
    )
  );
}

/**
 * Runs a saved query for the requester of an active grant: the customer parameter comes from
 * the grant, sensitive columns are masked unless the grant unmasks them, and the run is recorded
 * as an access event (source `gateway`) with its audit row in one transaction. Refusals are
 * recorded too.
 *
 * @example await runSavedQuery(deps, prod, ann, { grantId, name: 'refund-with-gateway-response', params: { refund_id:
 * 9912 } });
 */
export async function runSavedQuery(
  deps: Deps,
  gateway: GatewayDatabaseHandle | null,
  actor: Actor,
  request: RunRequest,
): Promise<QueryResult> {
  const nowIso = deps.now().toISOString();
  const [grant, query] = await Promise.all([
    findGrant(deps.db, actor.tenant, request.grantId),
    findSavedQuery(deps.db, actor.tenant, request.name),
  ]);
  if (!grant) return refuse(deps, actor, request, grant, errors.notFound(`Grant ${request.grantId}`), 'unknown grant');
  if (grant.requester_id !== actor.id) {
    return refuse(
      deps,
      actor,
      request,
      grant,
      errors.forbidden(
        `Grant ${grant.id} belongs to ${grant.requester_id}; run saved queries on your own grant (the attempt was recorded)`,
      ),
      'not the requester',
    );
  }
  if (!query)
    return refuse(deps, actor, request, grant, errors.notFound(`Saved query ${request.name}`), 'unknown saved query');
  const named = customerParamsNamed(query, request.params);
  if (named.length > 0) {
    const message = `The customer is fixed by the grant (customer ${grant.customer_id}) and cannot be chosen: remove ${named.join(', ')} from params`;
    return refuse(
      deps,
      actor,
      request,
      grant,
      gatewayErrors.scopeViolation(message),
      `tried to set the customer (${named.join(', ')})`,
    );
  }
  const status = effectiveStatus(grant, nowIso);
  if (status !== 'active')
    return refuse(deps, actor, request, grant, gatewayErrors.grantNotActive(grant.id, status), `grant ${status}`);
  const systems = grantSystems(grant);
  if (!systems.includes(query.system)) {
    return refuse(
      deps,
      actor,
      request,
      grant,
      gatewayErrors.systemNotGranted(query.name, query.system, systems),
      `system ${query.system} not in grant`,
    );
  }
  const bound = bindAgentParams(query, request.params);
  if (bound.issues.length > 0)
    throw errors.invalidInput(
      `Invalid request: ${bound.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      bound.issues,
    );
  if (!gateway)
    throw gatewayErrors.unavailable('The data gateway has no production database configured (GATEWAY_DATABASE_URL)');

  const parameters = { ...bound.values, [query.customerParam]: grant.customer_id };
  const compiled = compileSql(query.sql, parameters, gateway.dialect);
  let result: ReadOnlyResult;
  try {
    result = await gateway.run({ ...compiled, rowLimit: query.rowLimit, timeoutMs: query.timeoutMs });
  } catch (err) {
    if (!(err instanceof ReadOnlyQueryError)) throw err;
    await recordFailure(deps, actor, grant, query, parameters, err);
    throw toAppError(err);
  }
  if (new Set(result.columns).size !== result.columns.length) {
    const failure = new ReadOnlyQueryError(
      'failed',
      `it returns two columns with the same name (${result.columns.join(', ')}); give each an alias`,
    );
    await recordFailure(deps, actor, grant, query, parameters, failure);
    throw toAppError(failure);
  }
  if (leavesScope(result, query, grant.customer_id)) {
    return refuse(
      deps,
      actor,
      request,
      grant,
      gatewayErrors.queryOutOfScope(query.name),
      'result named another customer',
    );
  }

  const plan = planMasking(result.columns, query.fields, grantUnmaskFields(grant));
  const rows = result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, i) => [column, maskValue(plan.mask[i] ?? null, row[i])])),
  );
  const at = deps.now().toISOString();
  // A run that matched nothing showed no field of anyone: the trail must not say it did.
  const viewed = rows.length === 0 ? { fields: [], masked: [], unmasked: [] } : { fields: result.columns, ...plan };
  const event: AccessEventInsert & { record_count: number } = {
    tenant: grant.tenant,
    grant_id: grant.id,
    actor_id: actor.id,
    kind: 'query',
    target: `saved query ${query.name}`,
    fields: JSON.stringify(viewed.fields),
    record_count: rows.length,
    query_name: query.name,
    occurred_at: at,
    accepted: 1,
    source: 'gateway',
    masked_fields: JSON.stringify(viewed.masked),
    parameters: JSON.stringify(parameters),
    customer_id: grant.customer_id,
  };
  const recordedEventId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertRunAccessEvent(trx, event, at);
    await appendAuditEvents(trx, [
      {
        tenant: grant.tenant,
        kind: 'gateway.query_run',
        occurredAt: at,
        actorId: actor.id,
        grantId: grant.id,
        ticketId: grant.ticket_id,
        customerId: grant.customer_id,
        data: {
          accessEventId: id,
          query: query.name,
          parameters,
          rowCount: rows.length,
          truncated: result.truncated,
          fields: viewed.fields,
          maskedFields: viewed.masked,
          unmaskedFields: viewed.unmasked,
        },
      },
    ]);
    return id;
  });
  return {
    query: query.name,
    columns: result.columns,
    rows,
    rowCount: rows.length,
    truncated: result.truncated,
    masked: plan.masked,
    unmasked: plan.unmasked,
    recordedEventId,
  };
}
