import { useApi } from '../api/api-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Stack } from '../ui/layout.js';
import { useConsoleViewer } from './viewer-context.js';
import { consoleApi } from './console-api.js';
import { Pager } from './pager.js';
import { ScreenTitle } from './screen-parts.js';
import { SessionTable } from './session-table.js';
import { useCursorPages } from './use-cursor-pages.js';

const ts = scoped('nav_bar.mine');

/** Everyone's own sessions, newest first; each opens its session page. */
export function MySessionsScreen() {
  const api = useApi();
  const viewer = useConsoleViewer();
  const pages = useCursorPages((cursor) => consoleApi(api).mySessions(viewer.id, cursor), viewer.id, 15_000);
  return (
    <Stack data-testid="screen-mine">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      <ErrorAlert error={pages.error} />
      {pages.rows?.length === 0 && <Muted>{ts('empty')}</Muted>}
      {pages.rows && pages.rows.length > 0 && <SessionTable sessions={pages.rows} caption={ts('title')} />}
      <Pager {...pages} />
    </Stack>
  );
}
