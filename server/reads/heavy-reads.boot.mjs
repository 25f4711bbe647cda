// The heavy-reads worker's entry: the server runs TypeScript through tsx, and a worker thread does
// not inherit the main thread's loader, so the thread's module is loaded through tsx's API here.
import { tsImport } from 'tsx/esm/api';

await tsImport('./heavy-reads.thread.ts', import.meta.url);
