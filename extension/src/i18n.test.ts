import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { t } from './i18n.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });

/** Every literal label key the UI asks for: `t('a.b')`, and `ts('c')` under `const ts = scoped('a')`. */
function usedKeys(): string[] {
  const keys: string[] = [];
  for (const file of sources(SRC)) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/\bt\('([\w.]+)'/g)) keys.push(m[1]!);
    for (const s of code.matchAll(/const (\w+) = scoped\('([\w.]+)'\)/g)) {
      for (const m of code.matchAll(new RegExp(String.raw`\b${s[1]}\('([\w.]+)'`, 'g'))) keys.push(`${s[2]}.${m[1]}`);
    }
  }
  return [...new Set(keys)];
}

describe('labels', () => {
  it('fills placeholders', () => {
    expect(t('ticket_sidebar.title', { ticketId: '48271' })).toBe('Data access for ticket #48271');
    expect(t('no.such.key')).toBe('no.such.key');
  });

  it('every label the UI uses is in translations/en.json', () => {
    const keys = usedKeys();
    expect(keys.length).toBeGreaterThan(60);
    expect(keys.filter((k) => t(k) === k)).toEqual([]);
  });
});
