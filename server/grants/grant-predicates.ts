import { sql, type ExpressionBuilder, type RawBuilder } from 'kysely';
import { CLOCKED, clockOf, OPEN_STATUSES, type GrantClock } from '../../shared/grant-rules.js';
import type { Database, GrantsTable } from '../db/database.js';

// The grant rules of shared/grant-rules.ts as SQL: the same open set and the same clock table, so
// a query and `effectiveStatus` cannot disagree about which grants are open or due.

type Grants = ExpressionBuilder<Database, 'grants'>;

/** The column that holds each clock time of `GrantClock`. */
const COLUMN = { expiresAt: 'expires_at', startBy: 'start_by' } as const satisfies Record<
  Exclude<keyof GrantClock, 'status'>,
  keyof GrantsTable
>;

/**
 * Open *now*: an open status whose clock (expiry, start window) has not yet run out — exactly
 * `isOpen(effectiveStatus(grant, nowIso))`, a missing clock time included.
 *
 * @example db.selectFrom('grants').selectAll().where('ticket_id', '=', '48271').where(openNow(nowIso))
 */
export function openNow(nowIso: string) {
  return (eb: Grants) =>
    eb.or(
      OPEN_STATUSES.map((status) => {
        const clock = clockOf(status);
        if (!clock) return eb('status', '=', status);
        const column = COLUMN[clock.at];
        return eb.and([eb('status', '=', status), eb.or([eb(column, 'is', null), eb(column, '>', nowIso)])]);
      }),
    );
}

/**
 * Due for the sweeper: a stored status whose clock time has come, so `effectiveStatus` already
 * reads it as expired or lapsed.
 *
 * @example db.selectFrom('grants').selectAll().where(dueNow(nowIso)).limit(200)
 */
export function dueNow(nowIso: string) {
  return (eb: Grants) =>
    eb.or(
      Object.entries(CLOCKED).map(([status, clock]) =>
        eb.and([eb('status', '=', status as keyof typeof CLOCKED), eb(COLUMN[clock.at], '<=', nowIso)]),
      ),
    );
}

/**
 * `status in ('pending', 'approved', 'active')` with the open statuses as literals: the close
 * check's plan on SQLite is faster with literals than with bound values. The statuses are the
 * rule's own constants, never input.
 *
 * @example db.selectFrom('grants').selectAll().where(openStatusLiterals())
 */
export function openStatusLiterals(): RawBuilder<boolean> {
  return sql<boolean>`status in (${sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(', '))})`;
}
