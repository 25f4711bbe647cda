import type { Boot } from '../../shared/boot.js';

export type { Boot, HostLocation } from '../../shared/boot.js';

declare global {
  interface Window {
    __TA_BOOT__?: Boot;
  }
}

/** The injected boot data, or a same-origin dev default (for `vite dev` and tests). */
export function readBoot(): Boot {
  return window.__TA_BOOT__ ?? { apiBase: '', host: 'standalone', location: 'ticket_sidebar', devUser: 'agent-ann' };
}
