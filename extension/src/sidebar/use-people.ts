import { useApi } from '../api/api-provider.js';
import { useAsync } from '../use-async.js';

/**
 * Display names for user ids (`GET /v1/people`), so approvers and the rota never show as raw ids.
 * Until the names arrive, and for an id the server does not know, the id itself is shown.
 *
 * @example const nameOf = usePeople(['lead-lee']); nameOf('lead-lee') // 'Lee Lead'
 */
export function usePeople(ids: readonly string[]): (id: string) => string {
  const api = useApi();
  const key = [...new Set(ids)].sort().join(',');
  const people = useAsync(() => (key ? api.people(key.split(',')) : Promise.resolve([])), [key]);
  const names = new Map((people.data ?? []).map((p) => [p.id, p.name]));
  return (id) => names.get(id) ?? id;
}
