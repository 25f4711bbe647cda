import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zFlagSchema } from '../../shared/grants.js';
import { JsonColumnError, parseJsonColumn } from './json-column.js';

describe('parseJsonColumn', () => {
  const flags = zFlagSchema.array();

  it('returns what the column holds when it matches the schema', () => {
    const text = '[{"code":"emergency","reason":"Break-glass","at":"2026-11-23T10:00:00.000Z"}]';
    expect(parseJsonColumn(flags, text, 'grants.flags')).toEqual([
      { code: 'emergency', reason: 'Break-glass', at: '2026-11-23T10:00:00.000Z' },
    ]);
    expect(parseJsonColumn(z.array(z.string()), '[]', 'grants.systems')).toEqual([]);
  });

  it('names the column and the failing path, never the stored value', () => {
    const text = '[{"code":"made_up","reason":"secret customer note","at":"x"}]';
    const error = (() => {
      try {
        parseJsonColumn(flags, text, 'grants.flags');
      } catch (err) {
        return err;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(JsonColumnError);
    expect((error as JsonColumnError).column).toBe('grants.flags');
    expect((error as Error).message).toMatch(/^grants\.flags holds data that does not match its schema: 0\.code: /);
    expect((error as Error).message).not.toContain('made_up');
    expect((error as Error).message).not.toContain('secret customer note');
  });

  it('refuses text that is not JSON at all', () => {
    expect(() => parseJsonColumn(flags, '[{"code":', 'grants.flags')).toThrow(
      'grants.flags holds data that does not match its schema: not JSON',
    );
  });
});
