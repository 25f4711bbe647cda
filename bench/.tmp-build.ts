import { build } from 'vite';
process.env.NODE_ENV = 'production';
await build({ configFile: '/work/main/vite.config.ts', logLevel: 'warn', build: { outDir: process.env.OUT ?? '/tmp/prof/dist', emptyOutDir: true, minify: process.env.MINIFY !== '0' } });
