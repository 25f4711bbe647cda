import {
  TEST_RUN_ROW_LIMIT,
  type ParamValue,
  type QueryTestResult,
  type SavedQuery,
  type SavedQueryDefinition,
} from '../../shared/gateway.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import { ReadOnlyQueryError, type GatewayDatabaseHandle, type ReadOnlyResult } from '../db/gateway-connection.js';
import { errors } from '../errors.js';
import { gatewayErrors } from './gateway.errors.js';
import { findSavedQuery } from './gateway.repository.js';
import { maskValue, planMasking } from './masking.js';
import { bindAgentParams, compileSql, customerParamsNamed } from './query-params.js';
import { leavesScope, toAppError } from './run-query.service.js';

export interface TestRunRequest {
  name: string;
  customerId: string;
  params: Record<string, ParamValue>;
  /** A draft to run instead of the stored definition. */
  definition?: SavedQueryDefinition;
}

/**
 * An admin's test run of a saved query (or of a draft) for a sample customer, without a grant:
 * the same binding, read-only connection, scope check and masking as an agent's run, but every
 * sensitive column stays masked, at most TEST_RUN_ROW_LIMIT rows come back, and the run is kept
 * in the trail as `gateway.query_tested` (who, which query or draft SQL, which customer, what came back).
 *
 * @example await testSavedQuery(deps, prod, ada, { name: 'account-status', customerId: '1842', params: {} });
 */
export async function testSavedQuery(
  deps: Deps,
  gateway: GatewayDatabaseHandle | null,
  actor: Actor,
  request: TestRunRequest,
): Promise<QueryTestResult> {
  if (actor.role !== 'admin') throw errors.forbidden('Only admins can test-run saved queries');
  const stored = request.definition ? null : await findSavedQuery(deps.db, actor.tenant, request.name);
  const query: SavedQuery | null = request.definition
    ? { name: request.name, ...request.definition, updatedBy: actor.id, updatedAt: deps.now().toISOString() }
    : (stored ?? null);
  if (!query) throw errors.notFound(`Saved query ${request.name}`);
  const named = customerParamsNamed(query, request.params);
  if (named.length > 0) {
    const message = `the customer is bound from customerId; remove ${named.join(', ')}`;
    throw errors.invalidInput(`Invalid request: params: ${message}`, [{ path: 'params', message }]);
  }
  const bound = bindAgentParams(query, request.params);
  if (bound.issues.length > 0)
    throw errors.invalidInput(
      `Invalid request: ${bound.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      bound.issues,
    );
  if (!gateway)
    throw gatewayErrors.unavailable('The data gateway has no production database configured (GATEWAY_DATABASE_URL)');

  const parameters = { ...bound.values, [query.customerParam]: request.customerId };
  const compiled = compileSql(query.sql, parameters, gateway.dialect);
  let result: ReadOnlyResult;
  try {
    const rowLimit = Math.min(query.rowLimit, TEST_RUN_ROW_LIMIT);
    result = await gateway.run({ ...compiled, rowLimit, timeoutMs: query.timeoutMs });
  } catch (err) {
    if (!(err instanceof ReadOnlyQueryError)) throw err;
    throw toAppError(err);
  }
  if (new Set(result.columns).size !== result.columns.length)
    throw toAppError(new ReadOnlyQueryError('failed', `two columns share a name (${result.columns.join(', ')})`));
  if (leavesScope(result, query, request.customerId)) throw gatewayErrors.queryOutOfScope(query.name);

  const plan = planMasking(result.columns, query.fields, []);
  const rows = result.rows.map((row) =>
    Object.fromEntries(result.columns.map((column, i) => [column, maskValue(plan.mask[i] ?? null, row[i])])),
  );
  const at = deps.now().toISOString();
  const [audit] = await deps.db.transaction().execute((trx) =>
    appendAuditEvents(trx, [
      {
        tenant: actor.tenant,
        kind: 'gateway.query_tested',
        occurredAt: at,
        actorId: actor.id,
        customerId: request.customerId,
        data: {
          query: query.name,
          draft: Boolean(request.definition),
          // A draft's SQL is not stored anywhere else: keep what ran.
          ...(request.definition ? { sql: query.sql } : {}),
          parameters,
          rowCount: rows.length,
          fields: result.columns,
          maskedFields: plan.masked,
        },
      },
    ]),
  );
  return {
    query: query.name,
    columns: result.columns,
    rows,
    rowCount: rows.length,
    truncated: result.truncated,
    masked: plan.masked,
    unmasked: [],
    draft: Boolean(request.definition),
    auditEventSeq: audit!.seq,
  };
}
