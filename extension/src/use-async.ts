import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): Promise<void>;
}

/**
 * Runs `load` on mount, whenever `deps` change, and every `pollMs` if given; keeps the last good
 * data while reloading so the sidebar does not flicker between polls.
 */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[], pollMs?: number): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const live = useRef(true);

  const reload = useCallback(async () => {
    try {
      const value = await loadRef.current();
      if (!live.current) return;
      setData(value);
      setError(null);
    } catch (err) {
      if (live.current) setError(err);
    } finally {
      if (live.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    live.current = true;
    setLoading(true);
    void reload();
    return () => {
      live.current = false;
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what reloads, as useEffect's own deps
  }, deps);

  // A new poll interval only reschedules; it does not fetch again on the spot.
  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => void reload(), pollMs);
    return () => clearInterval(timer);
  }, [pollMs, reload]);

  return { data, error, loading, reload };
}
