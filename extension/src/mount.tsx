import { StrictMode, useCallback, useMemo, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { createApiClient, type ApiClient } from './api/api-client.js';
import { ApiProvider } from './api/api-provider.js';
import { readBoot, type Boot, type HostLocation } from './boot.js';
import type { HostAdapter } from './host/host-adapter.js';
import { connectHost } from './host/connect-host.js';
import { HostProvider, useHost } from './host/host-provider.js';
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

/** An API client and host connection an entry started before mounting (see sidebar-preload.ts). */
export interface Preload {
  boot: Boot;
  api: ApiClient;
  connect(): Promise<HostAdapter>;
}

export function App({ boot, locations, preload }: { boot: Boot; locations: Locations; preload?: Preload | undefined }) {
  const connect = useCallback(() => preload?.connect() ?? connectHost(boot), [boot, preload]);
  const api = useMemo(() => preload?.api ?? createApiClient(boot), [boot, preload]);
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

/**
 * Entry point of each page: reads the boot data the server injected (or takes the preload's) and
 * renders the location. StrictMode's double renders and effects happen in development only.
 */
export function mount(locations: Locations, preload?: Preload): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <App boot={preload?.boot ?? readBoot()} locations={locations} preload={preload} />
    </StrictMode>,
  );
}
