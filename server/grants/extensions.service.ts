import type { Kysely } from 'kysely';
import { canApprove, approversAt } from '../../shared/grant-rules.js';
import { planExtension } from '../../shared/extension-rules.js';
import type { Grant, GrantExtension, PendingExtension } from '../../shared/grants.js';
import { addMinutes } from '../../shared/time.js';
import type { Settings } from '../../shared/settings.js';
import type { Actor, Deps } from '../app-env.js';
import { appendAuditEvents } from '../audit/audit.repository.js';
import type { Database, GrantRow } from '../db/database.js';
import { errors } from '../errors.js';
import { readSettings } from '../settings/settings.repository.js';
import { updateActiveGrant } from './extensions.repository.js';
import { flagLongExtension, mergeFlags } from './flags.js';
import { extendedMinutes, grantExtensions, grantFlags, grantPendingExtension, toGrant } from './grant-view.js';
import { grantFlagColumns } from './grants.repository.js';
import { allowFrom, audit, label, loadGrant } from './grants.service.js';

// Extending an active grant: `POST /v1/grants/{id}/extend` by the requester, then — unless the
// admin lets extensions of that size apply at once (selfExtendMaxMinutes) — an approver decides
// with `POST /v1/grants/{id}/extension/approve` or `/deny`. Each step is audited on the grant.

type Trx = Kysely<Database>;

export interface ExtendRequest {
  minutes: number;
  reason: string;
}

/** What the grant runs for now: the requested duration plus the extensions applied so far. */
const totalMinutes = (row: GrantRow) => row.duration_minutes + extendedMinutes(grantExtensions(row));

/** Runs `fn` in a transaction and re-reads the grant as everyone will now see it. */
function inTransaction(
  deps: Deps,
  actor: Actor,
  id: string,
  fn: (trx: Trx, at: string) => Promise<void>,
): Promise<Grant> {
  const at = deps.now().toISOString();
  return deps.db.transaction().execute(async (trx) => {
    await fn(trx, at);
    return toGrant(await loadGrant(trx, actor, id), at);
  });
}

const changedMeanwhile = (row: GrantRow, action: string) =>
  errors.conflict('grant_changed', `Cannot ${action} ${label(row)}: it changed meanwhile; reload and try again`);

/** Moves the expiry on by the extension and records who decided it; the grant as it now is. */
async function applyExtension(
  trx: Trx,
  actor: Actor,
  row: GrantRow,
  settings: Settings,
  extension: PendingExtension,
  decision: { outcome: 'self' | 'approved'; note: string | null; at: string },
): Promise<void> {
  const { at } = decision;
  const expiresAt = addMinutes(row.expires_at as string, extension.minutes);
  const total = totalMinutes(row) + extension.minutes;
  const raised = flagLongExtension(total, settings, at);
  const flags = mergeFlags(grantFlags(row), raised ? [raised] : []);
  const decided: GrantExtension = {
    ...extension,
    outcome: decision.outcome,
    decidedAt: at,
    by: { id: actor.id, name: actor.name },
    note: decision.note,
    expiresAt,
  };
  const moved = await updateActiveGrant(
    trx,
    {
      tenant: row.tenant,
      id: row.id,
      expiresAt: row.expires_at as string,
      pendingExtension: row.pending_extension,
      now: at,
    },
    {
      expires_at: expiresAt,
      extensions: JSON.stringify([...grantExtensions(row), decided]),
      pending_extension: null,
      ...grantFlagColumns(flags),
      updated_at: at,
    },
  );
  if (!moved) throw changedMeanwhile(row, 'extend');
  await appendAuditEvents(trx, [
    audit(row, 'grant.extended', at, actor.id, {
      minutes: extension.minutes,
      reason: extension.reason,
      outcome: decision.outcome,
      note: decision.note,
      previousExpiresAt: row.expires_at,
      expiresAt,
      totalMinutes: total,
      flagsRaised: raised && !grantFlags(row).some((f) => f.code === raised.code) ? [raised.code] : [],
    }),
  ]);
}

/**
 * The requester asks for more time on an active grant. Within the admin's maximum total it either
 * applies at once (up to `selfExtendMaxMinutes`) or waits for an approver; beyond it, 400 naming
 * `minutes`.
 *
 * @example await extendGrant(deps, ann, 'gr_…', { minutes: 15, reason: 'The log export is still running' });
 */
export function extendGrant(deps: Deps, actor: Actor, id: string, input: ExtendRequest): Promise<Grant> {
  return inTransaction(deps, actor, id, async (trx, at) => {
    const row = await loadGrant(trx, actor, id);
    if (row.requester_id !== actor.id)
      throw errors.forbidden(`Only the requester (${row.requester_id}) can extend ${label(row)}`);
    allowFrom(row, at, 'extend');
    const waiting = grantPendingExtension(row);
    if (waiting)
      throw errors.conflict(
        'extension_pending',
        `An extension of ${waiting.minutes} minutes on ${label(row)} is already waiting for an approver`,
      );
    const settings = await readSettings(trx, actor.tenant, deps.logger);
    const plan = planExtension(settings, totalMinutes(row), input.minutes);
    if (plan.kind === 'too_long')
      throw errors.invalidInput(`minutes: ${plan.problem}`, [{ path: 'minutes', message: plan.problem }]);
    const extension: PendingExtension = { minutes: input.minutes, reason: input.reason, requestedAt: at };
    if (plan.kind === 'self')
      return await applyExtension(trx, actor, row, settings, extension, { outcome: 'self', note: null, at });

    const pending = JSON.stringify(extension);
    const where = {
      tenant: row.tenant,
      id: row.id,
      expiresAt: row.expires_at as string,
      pendingExtension: null,
      now: at,
    };
    if (!(await updateActiveGrant(trx, where, { pending_extension: pending, updated_at: at })))
      throw changedMeanwhile(row, 'extend');
    await appendAuditEvents(trx, [
      audit(row, 'grant.extension_requested', at, actor.id, {
        minutes: input.minutes,
        reason: input.reason,
        totalMinutes: totalMinutes(row) + input.minutes,
        approvers: approversAt(settings, new Date(at)),
      }),
    ]);
  });
}

/** The checks an approver's decision on an extension passes: not yours, active, one waiting, approver now. */
async function decidable(trx: Trx, deps: Deps, actor: Actor, id: string, at: string, verb: string) {
  const row = await loadGrant(trx, actor, id);
  if (row.requester_id === actor.id)
    throw errors.forbidden(`You cannot ${verb} your own extension (${row.id}); another approver must decide`);
  allowFrom(row, at, 'extend', `${verb} the extension of`);
  const pending = grantPendingExtension(row);
  if (!pending)
    throw errors.conflict('no_extension_pending', `No extension of ${label(row)} is waiting for a decision`);
  const settings = await readSettings(trx, actor.tenant, deps.logger);
  if (!canApprove(settings, actor.id, new Date(at))) {
    const rota = approversAt(settings, new Date(at));
    throw errors.forbidden(
      `You are not an approver right now; ask one of: ${rota.join(', ') || '(none configured — ask an admin)'}`,
    );
  }
  return { row, pending, settings };
}

/** An approver applies the waiting extension (still within the maximum total, which may have changed). */
export function approveExtension(deps: Deps, actor: Actor, id: string, note?: string): Promise<Grant> {
  return inTransaction(deps, actor, id, async (trx, at) => {
    const { row, pending, settings } = await decidable(trx, deps, actor, id, at, 'approve');
    const plan = planExtension(settings, totalMinutes(row), pending.minutes);
    if (plan.kind === 'too_long')
      throw errors.invalidInput(`minutes: ${plan.problem}; deny the extension instead`, [
        { path: 'minutes', message: plan.problem },
      ]);
    await applyExtension(trx, actor, row, settings, pending, { outcome: 'approved', note: note ?? null, at });
  });
}

/** An approver refuses the waiting extension with a note; the grant keeps its expiry. */
export function denyExtension(deps: Deps, actor: Actor, id: string, note: string): Promise<Grant> {
  return inTransaction(deps, actor, id, async (trx, at) => {
    const { row, pending } = await decidable(trx, deps, actor, id, at, 'deny');
    const denied: GrantExtension = {
      ...pending,
      outcome: 'denied',
      decidedAt: at,
      by: { id: actor.id, name: actor.name },
      note,
      expiresAt: row.expires_at as string,
    };
    const where = {
      tenant: row.tenant,
      id: row.id,
      expiresAt: row.expires_at as string,
      pendingExtension: row.pending_extension,
      now: at,
    };
    const extensions = JSON.stringify([...grantExtensions(row), denied]);
    if (!(await updateActiveGrant(trx, where, { pending_extension: null, extensions, updated_at: at })))
      throw changedMeanwhile(row, 'deny the extension of');
    await appendAuditEvents(trx, [
      audit(row, 'grant.extension_denied', at, actor.id, { minutes: pending.minutes, reason: pending.reason, note }),
    ]);
  });
}
