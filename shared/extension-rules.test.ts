import { describe, expect, it } from 'vitest';
import { extensionChoices, extensionRoom, planExtension } from './extension-rules.js';

const rules = (selfExtendMaxMinutes: number, maxDurationMinutes = 60) => ({ maxDurationMinutes, selfExtendMaxMinutes });

describe('extension rules', () => {
  it('leaves the room between what the grant runs for and the maximum total', () => {
    expect(extensionRoom(rules(0), 30)).toBe(30);
    expect(extensionRoom(rules(0), 60)).toBe(0);
    expect(extensionRoom(rules(0), 75)).toBe(0); // the maximum was lowered since
  });

  it('refuses an extension beyond the maximum total, saying how much is left', () => {
    const plan = planExtension(rules(15), 30, 45);
    expect(plan).toMatchObject({ kind: 'too_long', room: 30 });
    expect(plan.kind === 'too_long' && plan.problem).toMatch(/75 minutes, above the maximum of 60.*at most 30 more/);
    expect(planExtension(rules(15), 60, 5)).toMatchObject({ kind: 'too_long', room: 0 });
  });

  it('applies at once within the self-extension limit, otherwise an approver decides', () => {
    expect(planExtension(rules(15), 30, 15)).toEqual({ kind: 'self' });
    expect(planExtension(rules(15), 30, 16)).toEqual({ kind: 'approval' });
    expect(planExtension(rules(0), 30, 1)).toEqual({ kind: 'approval' }); // 0: always approved
    expect(planExtension(rules(0), 30, 30)).toEqual({ kind: 'approval' }); // exactly the room is allowed
  });

  it('offers the steps that still fit, and the last few minutes when no step does', () => {
    expect(extensionChoices(rules(0, 240), 30)).toEqual([5, 10, 15, 30, 60]);
    expect(extensionChoices(rules(0), 48)).toEqual([5, 10, 12]);
    expect(extensionChoices(rules(0), 57)).toEqual([3]);
    expect(extensionChoices(rules(0), 60)).toEqual([]);
  });
});
