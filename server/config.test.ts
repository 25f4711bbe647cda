import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to SQLite under ./data, port 8787 and dev sign-in outside production', () => {
    expect(loadConfig({})).toMatchObject({
      port: 8787,
      databaseUrl: 'sqlite:./data/ticketed-access.db',
      authMode: 'dev',
      seedDemo: true,
    });
  });

  it('reads PostgreSQL and the port from the environment', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/ta', PORT: '9000', AUTH_MODE: 'hosts' })).toMatchObject({
      databaseUrl: 'postgres://u@db:5432/ta',
      port: 9000,
      seedDemo: false,
    });
  });

  it('is frozen', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must be postgres/],
    [{ AUTH_MODE: 'trust-me' }, /AUTH_MODE/],
    [{ NODE_ENV: 'staging' }, /NODE_ENV/],
    [{ SWEEP_INTERVAL_SECONDS: '0' }, /SWEEP_INTERVAL_SECONDS/],
    [{ FORGE_TRIGGER_MODULE_KEYS: 'a trigger, another' }, /FORGE_TRIGGER_MODULE_KEYS: must be module keys/],
  ])('stops start-up on a bad value, naming the variable: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes the Forge trigger module keys whose invocation tokens may report tickets closed', () => {
    const ari = 'ari:cloud:ecosystem::app/8a6c3b1e-1111-4222-8333-944455556666';
    expect(loadConfig({ FORGE_APP_ARI: ari }).forge?.triggerModuleKeys).toEqual(['ticketed-access-issue-updated']);
    const custom = loadConfig({ FORGE_APP_ARI: ari, FORGE_TRIGGER_MODULE_KEYS: 'on-done,on-closed' });
    expect(custom.forge?.triggerModuleKeys).toEqual(['on-done', 'on-closed']);
  });

  it('refuses dev sign-in in production, whether asked for or defaulted', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_MODE: 'dev' })).toThrow(
      /AUTH_MODE=dev .* refused when NODE_ENV=production/,
    );
    expect(loadConfig({ NODE_ENV: 'production' }).authMode).toBe('hosts');
  });
});

describe('start-up', () => {
  it('exits with a message naming the variable when a setting is bad', async () => {
    const { execFile } = await import('node:child_process');
    const main = new URL('./main.ts', import.meta.url).pathname;
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const proc = execFile(
        process.execPath,
        ['--import', 'tsx', main],
        { env: { ...process.env, PORT: 'eighty', NODE_ENV: 'development' } },
        (error, _stdout, stderr) => resolve({ code: error ? (proc.exitCode ?? 1) : 0, stderr }),
      );
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid configuration:\n\s+PORT:/);
  });
});
