import type { Backend } from './backend.js';

/** The parts of `avi:jira:updated:issue` we read. */
export interface IssueUpdatedEvent {
  issue: { key: string; fields?: { status?: { name?: string; statusCategory?: { key?: string } } } };
  /** Jira names the new value `toString`, which every object also inherits; read it as data. */
  changelog?: { items?: Array<{ field?: string; fromString?: string | null; [key: string]: unknown }> };
}

const newStatusName = (item: Record<string, unknown>): string | null => {
  // biome-ignore lint/complexity/useLiteralKeys: Jira's own member named toString, read as data, not the method
  const value = Object.hasOwn(item, 'toString') ? item['toString'] : null;
  return typeof value === 'string' ? value : null;
};

/**
 * Belt and braces: an issue moved to a done status by any path (bulk change, automation, API) is
 * reported, so the backend revokes and flags its open grants. Ignores every other update. The
 * backend takes the report only because the invocation token Forge attaches names this trigger
 * module (`app.module.key`, FORGE_TRIGGER_MODULE_KEYS); the panel's token is refused.
 *
 * @example export const onIssueUpdated = createIssueTrigger(forgeBackend);
 */
export function createIssueTrigger(backend: Backend) {
  return async (event: IssueUpdatedEvent): Promise<{ reported: boolean; revoked: string[] }> => {
    const statusChange = event.changelog?.items?.find((item) => item.field === 'status');
    const done = event.issue.fields?.status?.statusCategory?.key === 'done';
    if (!statusChange || !done) return { reported: false, revoked: [] };
    const res = await backend({
      method: 'POST',
      path: `/v1/tickets/${encodeURIComponent(event.issue.key)}/closed`,
      body: {
        status: 'done',
        via: `jira: ${statusChange.fromString ?? '?'} → ${newStatusName(statusChange) ?? event.issue.fields?.status?.name ?? 'done'}`,
      },
    });
    // Forge retries a failed trigger; throwing on a server error lets it.
    if (res.status >= 500) throw new Error(`Ticketed Access answered ${res.status}`);
    const revoked = res.status === 200 ? (res.body as { revoked: string[] }).revoked : [];
    return { reported: res.status === 200, revoked };
  };
}
