import { decodeCursor, type ListCursor } from '../../shared/cursor.js';
import { categoriesOf } from '../../shared/data-categories.js';
import type { Session } from '../../shared/grants.js';
import type { Role } from '../../shared/roles.js';
import type { ReportAccess, SignedTransparencyReport, TransparencyReport } from '../../shared/transparency.js';
import type { Actor, Deps } from '../app-env.js';
import type { AuditCheckpoints } from '../audit/checkpoint-compare.js';
import { errors } from '../errors.js';
import { customerAccess } from '../history/history.service.js';
import { searchDirectory } from '../users/users.repository.js';
import { findReportNames, listTestRuns } from './customers.repository.js';
import { signReport } from './report-signature.js';

export interface ReportRequest {
  customerId: string;
  from?: string;
  to?: string;
  includeStaff: boolean;
  includeNotes: boolean;
}

/** Pages through every session of the customer in the range (the list's own paging). */
async function allSessions(deps: Deps, actor: Actor, r: ReportRequest, to: string): Promise<Session[]> {
  const sessions: Session[] = [];
  let cursor: ListCursor | undefined;
  do {
    const page = await customerAccess(deps, actor, r.customerId, { from: r.from, to, limit: 1000, cursor });
    sessions.push(...page.sessions);
    cursor = page.nextCursor ? decodeCursor(page.nextCursor) : undefined;
  } while (cursor);
  return sessions;
}

function accessOf(s: Session, roles: Map<string, Role>, r: ReportRequest): ReportAccess {
  const approver = s.decision?.outcome === 'approved' ? s.decision.by : null;
  const fields = s.viewed.flatMap((e) => e.fields);
  const queries = s.viewed.filter((e) => e.fields.length === 0 && e.queryName).map((e) => e.queryName!);
  const changed = Boolean(s.outcome?.changedData) || s.viewed.some((e) => e.kind === 'change');
  return {
    startedAt: s.startedAt!,
    endedAt: s.endedAt,
    // Rounded up: a report to the customer never understates how long their data was open.
    durationMinutes: s.durationSeconds === null ? null : Math.ceil(s.durationSeconds / 60),
    ticket: s.ticket.id,
    reason: s.reason,
    categories: categoriesOf(fields, queries),
    access: s.access,
    changedData: changed,
    approval: s.emergency ? 'emergency' : 'approved',
    approverRole: approver ? (roles.get(approver.id) ?? null) : null,
    endedBy: s.endKind,
    ...(r.includeStaff && {
      staff: {
        agent: { id: s.requester.id, name: s.requester.name, email: s.requester.email || null },
        approver: approver ? { id: approver.id, name: approver.name, email: null } : null,
      },
    }),
    ...(r.includeNotes && {
      notes: { approval: s.decision?.note ?? null, outcome: s.outcome?.summary ?? null, end: s.endNote },
    }),
  };
}

/**
 * The customer transparency report (leads, admins): each time staff opened the customer's data —
 * when, for how long, for which ticket and stated reason, which kinds of data, whether anything
 * was changed, and the approver's role — plus admins' masked test runs on their data. Staff names,
 * e-mails and internal notes only when an admin asks. Signed with the checkpoint key.
 *
 * @example const signed = await transparencyReport(deps, ada, checkpoints, url, { customerId: '1842', ... });
 */
export async function transparencyReport(
  deps: Deps,
  actor: Actor,
  checkpoints: AuditCheckpoints | Promise<AuditCheckpoints>,
  jwksUrl: string,
  r: ReportRequest,
): Promise<SignedTransparencyReport> {
  if ((r.includeStaff || r.includeNotes) && actor.role !== 'admin')
    throw errors.forbidden('Only admins can add staff names, e-mails or internal notes to a transparency report');
  const issuedAt = deps.now().toISOString();
  const to = r.to ?? issuedAt;
  const [sessions, names, runs] = await Promise.all([
    allSessions(deps, actor, r, to),
    findReportNames(deps.db, actor.tenant, r.customerId),
    listTestRuns(deps.db, actor.tenant, r.customerId, { from: r.from, to }),
  ]);
  // Only sessions that started opened any data; requests that were denied, cancelled or lapsed did not.
  const opened = sessions.filter((s) => s.startedAt !== null).sort((a, b) => a.startedAt!.localeCompare(b.startedAt!));
  const approverIds = [...new Set(opened.flatMap((s) => (s.decision ? [s.decision.by.id] : [])))];
  const users = approverIds.length
    ? await searchDirectory(deps.db, actor.tenant, { ids: approverIds, limit: approverIds.length })
    : [];
  const roles = new Map(users.map((u) => [u.id, u.role]));
  const accesses = opened.map((s) => accessOf(s, roles, r));
  const testRuns = runs.map((run) => {
    const data = JSON.parse(run.data) as { query: string; fields?: string[] };
    return { at: run.occurred_at, query: data.query, categories: categoriesOf(data.fields ?? [], [data.query]) };
  });
  const report: TransparencyReport = {
    type: 'ticketed-access/transparency-report',
    version: 1,
    issuer: { tenant: actor.tenant, name: names.tenant },
    customer: { id: r.customerId, name: names.customer },
    period: { from: r.from ?? null, to },
    issuedAt,
    includes: { staff: r.includeStaff, notes: r.includeNotes },
    totals: {
      accesses: accesses.length,
      minutes: accesses.reduce((sum, a) => sum + (a.durationMinutes ?? 0), 0),
      changedData: accesses.filter((a) => a.changedData).length,
      emergency: accesses.filter((a) => a.approval === 'emergency').length,
      testRuns: testRuns.length,
    },
    accesses,
    testRuns,
  };
  return signReport((await checkpoints).keys.current, report, jwksUrl);
}
