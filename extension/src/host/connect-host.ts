import type { Boot } from '../boot.js';
import type { HostAdapter } from './host-adapter.js';
import { createStandaloneAdapter } from './standalone-adapter.js';

/**
 * The page's host: Zendesk over ZAF, or the standalone demo host. Free of React, so an entry can
 * start the connection (and the ZAF handshake) before the UI bundle has even been evaluated.
 */
export async function connectHost(boot: Boot): Promise<HostAdapter> {
  if (boot.host === 'zendesk') {
    // Loaded on demand: the standalone pages never download the ZAF SDK.
    const { connectZaf, createZafAdapter } = await import('./zaf-adapter.js');
    return createZafAdapter(await connectZaf(), boot.location);
  }
  return createStandaloneAdapter({ location: boot.location, devUser: boot.devUser, search: window.location.search });
}
