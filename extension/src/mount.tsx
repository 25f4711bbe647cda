import { StrictMode, useCallback, useMemo, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { createApiClient } from './api/api-client.js';
import { ApiProvider } from './api/api-provider.js';
import { readBoot, type Boot, type HostLocation } from './boot.js';
import type { HostAdapter } from './host/host-adapter.js';
import { HostProvider, useHost } from './host/host-provider.js';
import { createStandaloneAdapter } from './host/standalone-adapter.js';
import { t } from './i18n.js';
import { DevUserBar } from './ui/dev-user-bar.js';

/** Which component each host location shows; every entry passes only the locations it bundles. */
export type Locations = Partial<Record<HostLocation, ComponentType>>;

function LocationSwitch({ locations }: { locations: Locations }) {
  const host = useHost();
  const Component = locations[host.location];
  if (!Component) return <p>{t('common.unsupported_location', { location: host.location })}</p>;
  return <Component />;
}

async function connectHost(boot: Boot): Promise<HostAdapter> {
  if (boot.host === 'zendesk') {
    // Loaded on demand: the standalone pages never download the ZAF SDK.
    const { connectZaf, createZafAdapter } = await import('./host/zaf-adapter.js');
    return createZafAdapter(await connectZaf(), boot.location);
  }
  return createStandaloneAdapter({ location: boot.location, devUser: boot.devUser, search: window.location.search });
}

export function App({ boot, locations }: { boot: Boot; locations: Locations }) {
  const connect = useCallback(() => connectHost(boot), [boot]);
  const api = useMemo(() => createApiClient(boot), [boot]);
  return (
    <ThemeProvider>
      <ApiProvider api={api}>
        {boot.host === 'standalone' && boot.devUser && <DevUserBar current={boot.devUser} users={boot.devUsers} />}
        <HostProvider connect={connect}>
          <LocationSwitch locations={locations} />
        </HostProvider>
      </ApiProvider>
    </ThemeProvider>
  );
}

/** Entry point of each page: reads the boot data the server injected and renders the location. */
export function mount(locations: Locations): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App boot={readBoot()} locations={locations} />
    </StrictMode>,
  );
}
