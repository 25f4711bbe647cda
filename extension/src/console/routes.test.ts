import { describe, expect, it } from 'vitest';
import { allowedFor, homeFor, matchRoute, navFor, pathOf, type Viewer } from './routes.js';

const viewer = (role: Viewer['role'], approver = false): Viewer => ({ id: 'u', role, approver });

describe('console routes', () => {
  it('matches paths with parameters, trailing slashes and nothing else', () => {
    expect(matchRoute('/')).toEqual({ key: 'dashboard', params: {} });
    expect(matchRoute('')).toEqual({ key: 'dashboard', params: {} });
    expect(matchRoute('/sessions/gr_1/')).toEqual({ key: 'session', params: { id: 'gr_1' } });
    expect(matchRoute('/customers/18%2042')).toEqual({ key: 'customer', params: { customerId: '18 42' } });
    expect(matchRoute('/admin/roles')).toEqual({ key: 'adminRoles', params: {} });
    expect(matchRoute('/sessions')).toBeNull();
    expect(matchRoute('/sessions/%E0%A4%A')).toBeNull();
  });

  it('builds paths the router matches back', () => {
    expect(pathOf('session', { id: 'gr 1' })).toBe('/sessions/gr%201');
    expect(matchRoute(pathOf('session', { id: 'gr 1' }))?.params.id).toBe('gr 1');
  });

  it('shows each role only what it may use', () => {
    expect(navFor(viewer('agent'))).toEqual(['mine']);
    expect(navFor(viewer('agent', true))).toEqual(['approvals', 'mine']);
    expect(navFor(viewer('lead', true))).toEqual([
      'dashboard',
      'approvals',
      'history',
      'mine',
      'reviews',
      'customers',
      'audit',
    ]);
    expect(navFor(viewer('admin'))).toContain('adminSettings');
    expect(navFor(viewer('lead'))).not.toContain('adminSettings');
    expect(allowedFor('history', viewer('agent'))).toBe(false);
    expect(allowedFor('session', viewer('agent'))).toBe(true);
  });

  it('lands leads on the dashboard, approvers on the inbox, agents on their own sessions', () => {
    expect(homeFor(viewer('admin'))).toBe('dashboard');
    expect(homeFor(viewer('agent', true))).toBe('approvals');
    expect(homeFor(viewer('agent'))).toBe('mine');
  });
});
