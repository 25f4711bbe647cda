import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The Jira issue panel (Forge Custom UI): the sidebar bundled with the Forge host adapter, with
 * relative asset paths as Forge serves resources from its own CDN path.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./extension/forge/panel-src', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./extension/forge/static/panel', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
