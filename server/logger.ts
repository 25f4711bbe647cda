import type { Logger } from './errors.js';

const ranks = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 } as const;
export type LogLevel = keyof typeof ranks;

/** A console logger that drops lines below `level`. @example createLogger('warn').info('hidden') */
export function createLogger(level: LogLevel): Logger {
  const enabled = (at: LogLevel) => ranks[at] >= ranks[level];
  return {
    error: (...args: unknown[]) => enabled('error') && console.error(...args),
    warn: (...args: unknown[]) => enabled('warn') && console.warn(...args),
    info: (...args: unknown[]) => enabled('info') && console.info(...args),
  };
}
