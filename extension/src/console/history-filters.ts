import type { SessionFilter } from './console-api.js';

/** The filters the history URL carries (days as YYYY-MM-DD), in the form's order. */
export const FILTER_KEYS = ['ticketId', 'customerId', 'agent', 'status', 'flag', 'from', 'to'] as const;
export type FilterForm = Record<(typeof FILTER_KEYS)[number], string>;

export const filterFromQuery = (query: URLSearchParams): FilterForm =>
  Object.fromEntries(FILTER_KEYS.map((k) => [k, query.get(k)?.trim() ?? ''])) as FilterForm;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();

/**
 * The API's filter: whole UTC days, `to` inclusive (the API's `to` is exclusive, so the day after).
 *
 * @example apiFilter({ ...form, from: '2026-11-23', to: '2026-11-23' })
 *   // { from: '2026-11-23T00:00:00.000Z', to: '2026-11-24T00:00:00.000Z' }
 */
export function apiFilter(form: FilterForm): SessionFilter {
  const { from, to, ...rest } = form;
  const out: SessionFilter = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== ''));
  if (DAY.test(from)) out.from = `${from}T00:00:00.000Z`;
  if (DAY.test(to)) out.to = nextDay(to);
  return out;
}

/** A Date from the picker (local calendar day) as YYYY-MM-DD, and back. */
export const dayOf = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
export const dateOfDay = (day: string): Date | undefined => {
  if (!DAY.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
};
