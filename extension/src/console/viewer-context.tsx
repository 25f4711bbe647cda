import { createContext, useContext } from 'react';
import type { ConsoleViewer } from './use-viewer.js';

export const ViewerContext = createContext<ConsoleViewer | null>(null);

/** The signed-in viewer; only inside the console shell. */
export function useConsoleViewer(): ConsoleViewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error('useConsoleViewer must be used inside the console');
  return viewer;
}
