import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { ErrorAlert } from '../ui/error-alert.js';
import type { HostAdapter } from './host-adapter.js';

const HostContext = createContext<HostAdapter | null>(null);

/**
 * Connects to the host once and renders nothing until it is ready, so no component ever sees a
 * half-initialised host (in Zendesk: before the ZAF handshake has finished).
 */
export function HostProvider({ connect, children }: { connect: () => Promise<HostAdapter>; children: ReactNode }) {
  const [host, setHost] = useState<HostAdapter | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    connect().then(
      (h) => live && setHost(h),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [connect]);
  if (error) return <ErrorAlert error={error} />;
  if (!host) return null;
  return <HostContext.Provider value={host}>{children}</HostContext.Provider>;
}

/** The host adapter; only inside `<HostProvider>`. */
export function useHost(): HostAdapter {
  const host = useContext(HostContext);
  if (!host) throw new Error('useHost must be used inside <HostProvider>');
  return host;
}
