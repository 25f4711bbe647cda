import { describe, expect, it } from 'vitest';
import { highestRole, ROLES } from './roles.js';

describe('roles', () => {
  it('lists the roles lowest first', () => {
    expect(ROLES).toEqual(['agent', 'lead', 'admin']);
  });

  it('picks the highest role that maps, whatever the order', () => {
    expect(highestRole(['lead', 'agent'])).toBe('lead');
    expect(highestRole(['agent', 'admin', 'lead'])).toBe('admin');
    expect(highestRole([undefined, 'agent', null])).toBe('agent');
  });

  it('answers null when nothing maps', () => {
    expect(highestRole([])).toBeNull();
    expect(highestRole([undefined, null])).toBeNull();
  });
});
