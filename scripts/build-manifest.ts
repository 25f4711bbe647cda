// Writes manifest.json for one backend address:  npm run build:manifest -- --backend https://ta.example.com
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const DEFAULT_BACKEND = 'https://ticketed-access.example';

export interface ZafParameter {
  name: string;
  type: string;
  required?: boolean;
  secure?: boolean;
  scopes?: string[];
}

export interface ZafManifest {
  name: string;
  author: { name: string; email: string; url?: string };
  defaultLocale: string;
  private: boolean;
  location: Record<string, Record<string, { url: string; flexible?: boolean; svg?: string }>>;
  version: string;
  frameworkVersion: string;
  signedUrls?: boolean;
  domainWhitelist?: string[];
  parameters?: ZafParameter[];
}

/**
 * The ZAF 2.0 manifest: the ticket sidebar and the nav-bar console, both served by the backend
 * with signed URLs (Zendesk POSTs a JWT the backend verifies). No settings: the backend trusts the
 * signed URL, so an API-key parameter would be read by nothing (and Zendesk's validator warns about it).
 *
 * @example buildManifest('https://ta.example.com').location.support.ticket_sidebar.url //
 * 'https://ta.example.com/zendesk/sidebar'
 */
export function buildManifest(backend: string, version = '0.1.0'): ZafManifest {
  const url = new URL(backend);
  if (url.protocol !== 'https:')
    throw new Error(`--backend must be an https URL (Zendesk loads apps over https only), got ${backend}`);
  const base = url.origin + url.pathname.replace(/\/+$/, '');
  return {
    name: 'Ticketed Access',
    author: {
      name: 'Ticketed Access',
      email: 'support@ticketed-access.example',
      url: 'https://ticketed-access.example',
    },
    defaultLocale: 'en',
    private: true,
    location: {
      support: {
        ticket_sidebar: { url: `${base}/zendesk/sidebar`, flexible: true },
        nav_bar: { url: `${base}/zendesk/console`, svg: 'icon_nav_bar.svg' },
      },
    },
    version,
    frameworkVersion: '2.0',
    signedUrls: true,
    domainWhitelist: [url.hostname],
  };
}

function main(argv: string[]): void {
  const at = argv.indexOf('--backend');
  const current = JSON.parse(readFileSync(`${ROOT}manifest.json`, 'utf8')) as Partial<ZafManifest>;
  const previous = current.location?.support?.ticket_sidebar?.url?.replace(/\/zendesk\/sidebar$/, '');
  const backend = at >= 0 ? argv[at + 1] : (previous ?? DEFAULT_BACKEND);
  if (!backend) throw new Error('usage: npm run build:manifest -- --backend https://your-backend.example');
  const manifest = buildManifest(backend, current.version ?? '0.1.0');
  writeFileSync(`${ROOT}manifest.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `manifest.json: ticket_sidebar → ${manifest.location.support!.ticket_sidebar!.url}, nav_bar → ${manifest.location.support!.nav_bar!.url}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
