import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildManifest } from './build-manifest.js';
import { checkPackageRules, collectPackageFiles, ZENDESK_ASSET, type PackageFiles } from './package-zendesk.js';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));
const withManifest = (files: PackageFiles, change: (m: any) => void): PackageFiles => {
  const m = JSON.parse(new TextDecoder().decode(files['manifest.json']));
  change(m);
  return { ...files, 'manifest.json': enc(m) };
};

describe('the Zendesk app package', () => {
  const files = collectPackageFiles();

  it('satisfies the package rules as committed, and zips to exactly what an admin uploads', () => {
    expect(checkPackageRules(files)).toEqual([]);
    const unzipped = unzipSync(zipSync(files));
    expect(Object.keys(unzipped).sort()).toEqual([
      'assets/icon_nav_bar.svg',
      'assets/logo-small.png',
      'assets/logo.png',
      'manifest.json',
      'translations/en.json',
    ]);
    // The README's pictures sit in assets/ too, but are not part of the app.
    expect(ZENDESK_ASSET.test('transparency-report.png')).toBe(false);
    expect(ZENDESK_ASSET.test('screenshot-0.png')).toBe(true);
  });

  it('declares no parameters: nothing reads a backend API key, and none is in the manifest', () => {
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json']));
    expect(manifest.parameters).toBeUndefined();
    expect(buildManifest('https://ta.acme.example').parameters).toBeUndefined();
    expect(JSON.parse(new TextDecoder().decode(files['translations/en.json'])).app.parameters).toBeUndefined();
  });

  it('builds the location URLs and the whitelist for a given backend, https only', () => {
    const m = buildManifest('https://ta.acme.example/');
    expect(m.location.support).toEqual({
      ticket_sidebar: { url: 'https://ta.acme.example/zendesk/sidebar', flexible: true },
      nav_bar: { url: 'https://ta.acme.example/zendesk/console', svg: 'icon_nav_bar.svg' },
    });
    expect(m).toMatchObject({
      frameworkVersion: '2.0',
      signedUrls: true,
      defaultLocale: 'en',
      domainWhitelist: ['ta.acme.example'],
    });
    expect(checkPackageRules({ ...files, 'manifest.json': enc(m) })).toEqual([]);
    expect(() => buildManifest('http://ta.acme.example')).toThrow(/https/);
  });

  it.each([
    ['a password parameter', (m: any) => (m.parameters = [{ name: 'region', type: 'password' }]), /password/],
    [
      'a secure parameter without scopes',
      (m: any) => (m.parameters = [{ name: 'region', type: 'text', secure: true }]),
      /scopes/,
    ],
    [
      'a secret-like parameter (the validator warns: possible secrets)',
      (m: any) => (m.parameters = [{ name: 'backend_api_key', type: 'text', secure: true, scopes: ['header'] }]),
      /Possible secrets found in manifest.json/,
    ],
    [
      'an http location',
      (m: any) => (m.location.support.ticket_sidebar.url = 'http://ta.example/zendesk/sidebar'),
      /https/,
    ],
    ['a host missing from domainWhitelist', (m: any) => (m.domainWhitelist = ['elsewhere.example']), /domainWhitelist/],
    ['no signed URLs', (m: any) => delete m.signedUrls, /signedUrls/],
    ['a missing required field', (m: any) => delete m.author, /"author" is required/],
    ['the wrong framework version', (m: any) => (m.frameworkVersion = '1.0'), /frameworkVersion/],
  ])('refuses %s', (_what, change, message) => {
    expect(checkPackageRules(withManifest(files, change)).join('\n')).toMatch(message);
  });

  it('needs the default locale translations with the app texts and every parameter label', () => {
    const { 'translations/en.json': _en, ...without } = files;
    expect(checkPackageRules(without).join('\n')).toMatch(/translations\/en.json .* missing/);
    const bare = { ...files, 'translations/en.json': enc({ app: { name: 'Ticketed Access' } }) };
    const problems = checkPackageRules(bare).join('\n');
    expect(problems).toMatch(/app.short_description/);
    const withParam = withManifest(bare, (m) => (m.parameters = [{ name: 'region', type: 'text' }]));
    expect(checkPackageRules(withParam).join('\n')).toMatch(/app.parameters.region.label/);
  });
});
