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

/** `useSubmit` for actions after which the parent reloads (`onDone` runs only on success). */
export function useAction(onDone: () => void) {
  const { busy, error, run } = useSubmit();
  return {
    busy,
    error,
    run: (action: () => Promise<unknown>) =>
      run(async () => {
        await action();
        onDone();
      }),
  };
}
