import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Modal } from '@zendeskgarden/react-modals';
import { scoped } from '../../i18n.js';

const tu = scoped('nav_bar.unsaved');

interface Guard {
  /** Marks (or clears) one screen's unsaved edits. */
  setDirty(id: string, dirty: boolean): void;
  /** Runs `proceed` at once when nothing is unsaved, else after the user confirms leaving. */
  requestLeave(proceed: () => void): void;
}

const GuardContext = createContext<Guard | null>(null);

/**
 * Holds which screens have unsaved edits and asks (a Garden modal) before the console navigates
 * away from them. The shell wraps its navigation in `useLeaveGuard()`; screens call `useUnsavedChanges`.
 */
export function UnsavedChangesProvider({ children }: { children: ReactNode }) {
  const dirty = useRef(new Set<string>());
  const [pending, setPending] = useState<(() => void) | null>(null);
  const guard = useMemo<Guard>(
    () => ({
      setDirty: (id, isDirty) => void (isDirty ? dirty.current.add(id) : dirty.current.delete(id)),
      requestLeave: (proceed) => (dirty.current.size === 0 ? proceed() : setPending(() => proceed)),
    }),
    [],
  );
  const leave = () => {
    const proceed = pending;
    dirty.current.clear();
    setPending(null);
    proceed?.();
  };
  return (
    <GuardContext.Provider value={guard}>
      {children}
      {pending && (
        <Modal onClose={() => setPending(null)} data-testid="unsaved-modal">
          <Modal.Header tag="h2">{tu('title')}</Modal.Header>
          <Modal.Body>{tu('body')}</Modal.Body>
          <Modal.Footer>
            <Modal.FooterItem>
              <Button onClick={() => setPending(null)} isBasic>
                {tu('stay')}
              </Button>
            </Modal.FooterItem>
            <Modal.FooterItem>
              <Button onClick={leave} isPrimary isDanger>
                {tu('leave')}
              </Button>
            </Modal.FooterItem>
          </Modal.Footer>
          <Modal.Close aria-label={tu('close')} />
        </Modal>
      )}
    </GuardContext.Provider>
  );
}

/**
 * Declares a screen's unsaved edits: the console asks before leaving it, and the browser asks
 * before the page is closed or reloaded (beforeunload) — also without a provider.
 *
 * @example useUnsavedChanges(JSON.stringify(draft) !== JSON.stringify(saved));
 */
export function useUnsavedChanges(dirty: boolean): void {
  const id = useId();
  const guard = useContext(GuardContext);
  useEffect(() => {
    guard?.setDirty(id, dirty);
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      guard?.setDirty(id, false);
    };
  }, [dirty, guard, id]);
}

/** Wraps a navigation so it waits for the user's answer when a screen has unsaved edits. */
export function useLeaveGuard(): (proceed: () => void) => void {
  const guard = useContext(GuardContext);
  return useCallback((proceed: () => void) => (guard ? guard.requestLeave(proceed) : proceed()), [guard]);
}
