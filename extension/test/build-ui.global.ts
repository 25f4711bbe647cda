// Vitest global setup: browser tests run against the built UI, so build it once per run (CI starts
// from a fresh clone with no dist/).
import { build } from 'vite';

export default async function setup(): Promise<void> {
  // Vitest sets NODE_ENV=test and Vite honours it, which would bundle React's development build.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: new URL('../../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
    // The Jira issue panel too: the Forge manifest test validates its resource directory.
    await build({ configFile: new URL('../../vite.forge.config.ts', import.meta.url).pathname, logLevel: 'warn' });
  } finally {
    process.env.NODE_ENV = previous;
  }
}
