// `npm run package`: checks the app against Zendesk's package rules and writes the zip an admin uploads.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { zipSync } from 'fflate';
import { ROOT, type ZafManifest } from './build-manifest.js';

export type PackageFiles = Record<string, Uint8Array>;

const text = (b: Uint8Array | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** The README's pictures of the console live in assets/ too; they are documentation, not part of the app. */
const README_PICTURE = /^console-.*\.png$/;

/** What goes into the zip: the manifest, every translation and every asset (not the README pictures). */
export function collectPackageFiles(root = ROOT): PackageFiles {
  const files: PackageFiles = { 'manifest.json': readFileSync(`${root}manifest.json`) };
  for (const dir of ['translations', 'assets']) {
    for (const name of readdirSync(`${root}${dir}`)) {
      if (dir === 'assets' && README_PICTURE.test(name)) continue;
      files[`${dir}/${name}`] = readFileSync(`${root}${dir}/${name}`);
    }
  }
  return files;
}

/**
 * Zendesk's package rules as the app validator applies them to a ZAF 2.0 private app; returns
 * every broken rule (empty when the package may be uploaded).
 *
 * @example checkPackageRules(collectPackageFiles()) // []
 */
export function checkPackageRules(files: PackageFiles): string[] {
  const problems: string[] = [];
  const raw = text(files['manifest.json']);
  if (!raw) return ['manifest.json is missing'];
  const m = JSON.parse(raw) as Partial<ZafManifest>;
  for (const key of ['name', 'author', 'defaultLocale', 'location', 'version', 'frameworkVersion'] as const) {
    if (m[key] === undefined) problems.push(`manifest.json: "${key}" is required`);
  }
  if (m.author && (!m.author.name || !m.author.email)) problems.push('manifest.json: author needs name and email');
  if (m.frameworkVersion !== '2.0') problems.push('manifest.json: frameworkVersion must be "2.0"');
  if (!m.signedUrls) problems.push('manifest.json: signedUrls must be true (the backend trusts only signed loads)');

  const hosts = new Set(m.domainWhitelist ?? []);
  const locations = Object.entries(m.location ?? {}).flatMap(([product, locs]) =>
    Object.entries(locs).map(([name, loc]) => ({ product, name, ...loc })),
  );
  if (locations.length === 0) problems.push('manifest.json: at least one location is required');
  for (const loc of locations) {
    const where = `location ${loc.product}.${loc.name}`;
    if (!loc.url) problems.push(`${where}: url is required`);
    else if (!/^https:\/\//.test(loc.url) && !loc.url.startsWith('assets/'))
      problems.push(`${where}: url must be https (got ${loc.url})`);
    else if (loc.url.startsWith('https://') && !hosts.has(new URL(loc.url).hostname))
      problems.push(`${where}: ${new URL(loc.url).hostname} is not in domainWhitelist`);
    if (loc.name === 'nav_bar' && (!loc.svg || !files[`assets/${loc.svg}`]))
      problems.push(`${where}: needs an svg icon in assets/`);
  }

  for (const p of m.parameters ?? []) {
    if (p.type === 'password')
      problems.push(`parameter ${p.name}: "password" parameters are not allowed; use "text" with "secure": true`);
    if (p.secure && (!p.scopes || p.scopes.length === 0))
      problems.push(`parameter ${p.name}: secure parameters must name their scopes`);
  }

  const locale = m.defaultLocale ?? 'en';
  const translationsRaw = text(files[`translations/${locale}.json`]);
  if (!translationsRaw) problems.push(`translations/${locale}.json (the default locale) is missing`);
  else {
    const app = (JSON.parse(translationsRaw) as { app?: Record<string, unknown> }).app ?? {};
    for (const key of ['name', 'short_description', 'long_description', 'installation_instructions']) {
      if (typeof app[key] !== 'string' || !app[key])
        problems.push(`translations/${locale}.json: app.${key} is required`);
    }
    const params = (app.parameters ?? {}) as Record<string, { label?: string }>;
    for (const p of m.parameters ?? [])
      if (!params[p.name]?.label)
        problems.push(`translations/${locale}.json: app.parameters.${p.name}.label is required`);
  }
  for (const logo of ['logo.png', 'logo-small.png'])
    if (!files[`assets/${logo}`]) problems.push(`assets/${logo} is required`);
  for (const name of Object.keys(files))
    if (name !== 'manifest.json' && !/^(assets|translations)\//.test(name))
      problems.push(`${name}: not allowed in the package`);
  return problems;
}

function main(): void {
  const files = collectPackageFiles();
  const problems = checkPackageRules(files);
  if (problems.length > 0) {
    console.error(`The package breaks Zendesk's rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  mkdirSync(`${ROOT}dist`, { recursive: true });
  const out = `${ROOT}dist/ticketed-access-zendesk.zip`;
  writeFileSync(out, zipSync(files, { level: 9 }));
  console.log(`${out}: ${Object.keys(files).join(', ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
