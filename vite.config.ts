import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompress } from './scripts/vite-precompress.js';

const root = fileURLToPath(new URL('./extension', import.meta.url));

/**
 * The Zendesk app's UI: two pages, each its own entry so the ticket sidebar (loaded on every
 * ticket) never downloads the console. Output goes to dist/extension, which server/ui serves;
 * hashed assets also as .br and .gz, which it sends by Accept-Encoding.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir: fileURLToPath(new URL('./dist/extension', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    rollupOptions: {
      input: {
        sidebar: `${root}/sidebar.html`,
        console: `${root}/console.html`,
      },
    },
  },
});
