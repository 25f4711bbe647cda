// Entry of the Jira issue panel (Forge Custom UI): the same sidebar, hosted by Jira.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import * as bridge from '@forge/bridge';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { createApiClient } from './api/api-client.js';
import { ApiProvider } from './api/api-provider.js';
import { createForgeAdapter, forgeFetch, type ForgeBridge } from './host/forge-adapter.js';
import { HostProvider } from './host/host-provider.js';
import { SidebarApp } from './sidebar/sidebar-app.js';

const forge = bridge as unknown as ForgeBridge;
const api = createApiClient({ apiBase: '' }, forgeFetch(forge));
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <ThemeProvider>
      <ApiProvider api={api}>
        <HostProvider connect={() => createForgeAdapter(forge, 'ticket_sidebar')}>
          <SidebarApp />
        </HostProvider>
      </ApiProvider>
    </ThemeProvider>
  </StrictMode>,
);
