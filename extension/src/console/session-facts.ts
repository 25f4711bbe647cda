/**
 * What the console says about a session in a line or a cell, and its exports. Pure functions over
 * the contract's types, tested directly.
 */
import type { AccessEvent, GrantDetail, Session } from '../../../shared/grants.js';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const KIND_WORDS: Record<AccessEvent['kind'], [string, string]> = {
  view: ['view', 'views'],
  query: ['query', 'queries'],
  export: ['export', 'exports'],
  change: ['change', 'changes'],
};

/**
 * What was viewed, compactly: the events by kind, rows, distinct fields, distinct masked fields.
 * Refused (shadow) events count too: they were seen, outside the grant.
 *
 * @example viewedLine(events) // '3 queries, 27 rows, 16 fields, 4 masked'
 */
export function viewedLine(events: readonly AccessEvent[]): string {
  if (events.length === 0) return 'nothing viewed';
  const parts: string[] = [];
  for (const kind of ['query', 'view', 'export', 'change'] as const) {
    const n = events.filter((e) => e.kind === kind).length;
    if (n > 0) parts.push(plural(n, ...KIND_WORDS[kind]));
  }
  const rows = events.reduce((sum, e) => sum + (e.recordCount ?? 0), 0);
  const fields = new Set(events.flatMap((e) => e.fields));
  const masked = new Set(events.flatMap((e) => e.maskedFields));
  if (rows > 0) parts.push(plural(rows, 'row'));
  if (fields.size > 0) parts.push(plural(fields.size, 'field'));
  if (masked.size > 0) parts.push(`${masked.size} masked`);
  return parts.join(', ');
}

/** A CSV cell: quoted when it holds a comma, quote or line break; formulas neutralised for spreadsheets. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvOf = (header: string[], rows: unknown[][]) =>
  `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

const HISTORY_COLUMNS = [
  'id',
  'ticket',
  'agent',
  'customer',
  'status',
  'requested_at',
  'started_at',
  'ended_at',
  'duration_seconds',
  'approver',
  'systems',
  'access',
  'reason',
  'viewed',
  'flags',
];

/** The sessions a search found, one CSV row each. */
export const sessionsCsv = (sessions: readonly Session[]) =>
  csvOf(
    HISTORY_COLUMNS,
    sessions.map((s) => [
      s.id,
      s.ticket.id,
      s.requester.id,
      s.customerId,
      s.status,
      s.requestedAt,
      s.startedAt,
      s.endedAt,
      s.durationSeconds,
      s.emergency ? 'emergency (no prior approval)' : (s.decision?.by.id ?? ''),
      s.systems.join(' '),
      s.access,
      s.reason,
      viewedLine(s.viewed),
      s.flags.map((f) => f.code).join(' '),
    ]),
  );

/** One session's record as CSV: every trail entry, then every access event. */
export const sessionCsv = (g: GrantDetail) =>
  csvOf(
    ['section', 'at', 'kind', 'actor', 'detail'],
    [
      ...g.timeline.map((e) => ['trail', e.at, e.kind, e.actorId, JSON.stringify(e.data)]),
      ...g.accessEvents.map((e) => [
        'access',
        e.occurredAt,
        e.kind,
        e.actorId,
        JSON.stringify({
          target: e.target,
          queryName: e.queryName,
          parameters: e.parameters,
          recordCount: e.recordCount,
          fields: e.fields,
          maskedFields: e.maskedFields,
          accepted: e.accepted,
          source: e.source,
        }),
      ]),
    ],
  );

/** Hours (one decimal) from an ISO time to `now`. */
export const hoursSince = (iso: string, now: Date) =>
  Math.round(((now.getTime() - Date.parse(iso)) / 3600_000) * 10) / 10;

/** A waiting age as people say it: `45 min`, `5.5 h`, `3 days`. */
export function ageText(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  return `${Math.floor(hours / 24)} days`;
}
