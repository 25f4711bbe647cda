import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './console-api.js';

/**
 * Keyset pages one after another: the cursors seen so far make "previous" possible (the server
 * only pages forward). A failed load clears the rows, so old results never pass for new ones.
 */
export function useCursorPages<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  key: string,
  pollMs?: number,
) {
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState<Page<T> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const index = cursors.length - 1;
  const cursor = cursors[index];

  // A new search starts again at the first page.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key names the search
  useEffect(() => setCursors([undefined]), [key]);

  // Only the latest request may set the rows: an older answer arriving late is dropped.
  const latest = useRef(0);
  const fetchPage = useCallback(
    async (quiet: boolean) => {
      const mine = ++latest.current;
      if (!quiet) setLoading(true);
      try {
        const next = await loadRef.current(cursor);
        if (mine !== latest.current) return;
        setPage(next);
        setError(null);
      } catch (err) {
        if (mine !== latest.current) return;
        setPage(null);
        setError(err);
      } finally {
        if (mine === latest.current) setLoading(false);
      }
    },
    [cursor],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on a new search or page
  useEffect(() => {
    void fetchPage(false);
  }, [fetchPage, key]);

  useEffect(() => {
    if (!pollMs) return;
    const timer = setInterval(() => void fetchPage(true), pollMs);
    return () => clearInterval(timer);
  }, [pollMs, fetchPage]);

  return {
    rows: page?.rows ?? null,
    error,
    loading,
    pageNumber: index + 1,
    hasNext: Boolean(page?.nextCursor),
    hasPrevious: index > 0,
    next: () => page?.nextCursor && setCursors((c) => [...c, page.nextCursor ?? undefined]),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    first: () => setCursors([undefined]),
    reload: () => fetchPage(true),
  };
}
