import { ApiError } from './api/api-error.js';
import { useCallback, useState } from 'react';

/**
 * One submit at a time with its busy flag and its error: `run` clears the last error, runs the
 * action, keeps a thrown error for an `<ErrorAlert>`, and resolves to the action's result (or
 * `undefined` when it failed), so forms never repeat the try/catch/finally.
 *
 * @example const { busy, error, run } = useSubmit(); await run(() => api.start(grant.id));
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await action();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}

/** A 409: the grant moved on meanwhile (another tab, another person); the view must catch up. */
export const isConflict = (err: unknown) => err instanceof ApiError && err.status === 409;

/**
 * `useSubmit` for actions after which the parent reloads: `onDone` runs on success, and on a 409
 * too, so a view that was stale (a second tab, an approver who was quicker) shows what is true now.
 */
export function useAction(onDone: () => void) {
  const { busy, error, run } = useSubmit();
  return {
    busy,
    error,
    run: (action: () => Promise<unknown>) =>
      run(async () => {
        try {
          await action();
        } catch (err) {
          if (isConflict(err)) onDone();
          throw err;
        }
        onDone();
      }),
  };
}
