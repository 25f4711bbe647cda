// Prepares the Forge app for `forge deploy`: points the remote at the backend, sets the app id,
// builds the issue panel, and validates the manifest offline.
//   npm run build:forge -- --backend https://ta.example.com [--app-id ari:cloud:ecosystem::app/<uuid>]
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { validate } from '@forge/manifest';
import { build } from 'vite';

const { values } = parseArgs({ options: { backend: { type: 'string' }, 'app-id': { type: 'string' } } });
const manifestPath = fileURLToPath(new URL('../extension/forge/manifest.yml', import.meta.url));
let manifest = readFileSync(manifestPath, 'utf8');
if (values.backend) {
  const url = new URL(values.backend);
  if (url.protocol !== 'https:') throw new Error('--backend must be an https URL');
  manifest = manifest.replace(/( {2}- key: ticketed-access\n {4}baseUrl: ).*/, `$1${url.origin}`);
}
if (values['app-id']) {
  if (!/^ari:cloud:ecosystem::app\/[0-9a-f-]{36}$/.test(values['app-id']))
    throw new Error('--app-id must look like ari:cloud:ecosystem::app/<uuid>');
  manifest = manifest.replace(/(app:\n {2}id: ).*/, `$1${values['app-id']}`);
}
writeFileSync(manifestPath, manifest);

process.env.NODE_ENV = 'production';
await build({ configFile: fileURLToPath(new URL('../vite.forge.config.ts', import.meta.url)), logLevel: 'warn' });
const errors = ((await validate(false, manifestPath)).errors ?? []).filter((e) => e.level === 'error');
if (errors.length > 0) {
  for (const e of errors) console.error(`manifest.yml:${e.line}:${e.column} ${e.message}`);
  process.exit(1);
}
console.info(`extension/forge is ready: cd extension/forge && forge deploy && forge install`);
