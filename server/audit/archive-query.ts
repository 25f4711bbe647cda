import type { JSONWebKeySet } from 'jose';
import { SESSION_END_STATUSES } from '../../shared/grant-rules.js';
import {
  ARCHIVE_FILES,
  parseArchiveRows,
  verifyArchive,
  type ArchiveManifest,
  type ArchiveProblem,
} from './archive-format.js';
import { archivePrefix, type ArchiveObjectStore } from './archive-store.js';
import type { ExportedRow } from './chained-rows.js';

/** One session as the archived trail tells it: who, approved by whom, which ticket, what was seen, when. */
export interface ArchivedSession {
  grantId: string;
  ticketId: string | null;
  customerId: string | null;
  requesterId: string | null;
  reason: string | null;
  systems: string[];
  access: string | null;
  requestedAt: string;
  decision: { outcome: 'approved' | 'denied'; by: string | null; at: string; note: string | null } | null;
  startedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  endKind: string | null;
  viewed: {
    kind: string;
    target: string;
    fields: string[];
    occurredAt: string;
    accepted: boolean;
    actorId: string | null;
  }[];
  /** The archives the session's rows were read from. */
  archives: string[];
}

export interface ArchiveQuery {
  tenant: string;
  customerId: string;
  /** Sessions requested at or after `from` and before `to` (ISO-8601), as the API's range. */
  from: string;
  to: string;
  /** With the published keys, every archive read is verified first and a broken one stops the answer. */
  jwks?: JSONWebKeySet;
}

export type ArchiveAnswer =
  | { ok: true; sessions: ArchivedSession[]; archivesRead: string[] }
  | { ok: false; problem: ArchiveProblem };

type Event = ArchivedSession['viewed'][number];
const ENDS = new Set<string>(SESSION_END_STATUSES);
const CLOSING = new Set(['ended', 'expired', 'revoked', 'denied', 'cancelled', 'lapsed']);

/** The members of the audit rows' `data` the sessions are rebuilt from (written by server/grants, server/gateway). */
interface RowData {
  reason?: string;
  systems?: string[];
  access?: string;
  note?: string | null;
  expiresAt?: string | null;
  endedAt?: string;
  query?: string;
  fields?: string[];
  events?: ReportedEvent[];
  shadow?: ReportedEvent[];
}
interface ReportedEvent {
  kind: string;
  target: string;
  fields?: string[];
  occurredAt: string;
}

function apply(session: ArchivedSession, row: ExportedRow): void {
  const data = row.data as RowData;
  const what = row.kind.replace(/^grant\./, '');
  if (row.kind === 'grant.approved' || row.kind === 'grant.denied') {
    session.decision = { outcome: what as 'approved', by: row.actor_id, at: row.occurred_at, note: data.note ?? null };
  } else if (row.kind === 'grant.started') {
    session.startedAt = row.occurred_at;
    session.expiresAt = data.expiresAt ?? null;
  } else if (row.kind.startsWith('grant.') && ENDS.has(what)) {
    session.endedAt = data.endedAt ?? row.occurred_at;
    session.endKind = what;
  } else if (row.kind === 'access.recorded' || row.kind === 'access.shadow') {
    const events = (accepted: boolean, list: ReportedEvent[] = []): Event[] =>
      list.map((e) => ({
        kind: e.kind,
        target: e.target,
        fields: e.fields ?? [],
        occurredAt: e.occurredAt,
        accepted,
        actorId: row.actor_id,
      }));
    session.viewed.push(...events(true, data.events), ...events(false, data.shadow));
  } else if (row.kind === 'gateway.query_run') {
    session.viewed.push({
      kind: 'query',
      target: `saved query ${data.query}`,
      fields: data.fields ?? [],
      occurredAt: row.occurred_at,
      accepted: true,
      actorId: row.actor_id,
    });
  }
}

/**
 * Answers "who opened customer X's data between `from` and `to`?" from the sealed archives in the
 * store, without loading anything into a database: the archives whose month overlaps the range,
 * then later ones until every session found has closed (a session requested on the 31st may end
 * in the next month's archive). Sessions newest first, as `GET /v1/customers/:id/access` lists them.
 *
 * @example const answer = await queryArchives(directoryArchiveStore('/mnt/audit'), { tenant: 'demo', customerId:
 * '1842', from: '2025-03-01T00:00:00.000Z', to: '2025-04-01T00:00:00.000Z', jwks });
 */
export async function queryArchives(store: ArchiveObjectStore, query: ArchiveQuery): Promise<ArchiveAnswer> {
  const prefix = archivePrefix(query.tenant);
  const ids = [
    ...new Set(
      (await store.list(prefix))
        .filter((k) => k.endsWith(`/${ARCHIVE_FILES.manifest}`))
        .map((k) => k.slice(prefix.length, -ARCHIVE_FILES.manifest.length - 1)),
    ),
  ];
  const manifests: ArchiveManifest[] = [];
  for (const id of ids) {
    const bytes = await store.get(`${prefix}${id}/${ARCHIVE_FILES.manifest}`);
    if (bytes) manifests.push(JSON.parse(bytes.toString('utf8')) as ArchiveManifest);
  }
  manifests.sort((a, b) => a.fromSeq - b.fromSeq);
  const sessions = new Map<string, ArchivedSession>();
  const closed = new Set<string>();
  const read: string[] = [];
  for (const manifest of manifests) {
    if (manifest.period.end <= query.from) continue;
    const open = [...sessions.keys()].some((id) => !closed.has(id));
    if (manifest.period.start >= query.to && !open) break;
    const files = (name: string) => store.get(`${prefix}${manifest.id}/${name}`);
    if (query.jwks) {
      const verdict = await verifyArchive(files, query.jwks, manifest.id);
      if (!verdict.ok) return { ok: false, problem: verdict.problem };
    }
    read.push(manifest.id);
    const rows = parseArchiveRows((await files(ARCHIVE_FILES.rows))?.toString('utf8') ?? '');
    for (const row of rows) {
      if (!row.grant_id) continue;
      if (row.kind === 'grant.requested') {
        if (row.customer_id !== query.customerId || row.occurred_at < query.from || row.occurred_at >= query.to)
          continue;
        const data = row.data as RowData;
        sessions.set(row.grant_id, {
          grantId: row.grant_id,
          ticketId: row.ticket_id,
          customerId: row.customer_id,
          requesterId: row.actor_id,
          reason: data.reason ?? null,
          systems: data.systems ?? [],
          access: data.access ?? null,
          requestedAt: row.occurred_at,
          decision: null,
          startedAt: null,
          expiresAt: null,
          endedAt: null,
          endKind: null,
          viewed: [],
          archives: [],
        });
      }
      const session = sessions.get(row.grant_id);
      if (!session) continue;
      if (!session.archives.includes(manifest.id)) session.archives.push(manifest.id);
      apply(session, row);
      if (row.kind.startsWith('grant.') && CLOSING.has(row.kind.slice(6))) closed.add(row.grant_id);
    }
  }
  const list = [...sessions.values()];
  list.sort((a, b) =>
    a.requestedAt === b.requestedAt ? (a.grantId < b.grantId ? 1 : -1) : a.requestedAt < b.requestedAt ? 1 : -1,
  );
  return { ok: true, sessions: list, archivesRead: read };
}
