import { describe, expect, it } from 'vitest';
import { channelsFor } from './topics.js';

describe('what is announced where', () => {
  it('tells approvers of a request, and leads (not approvers) of an emergency', () => {
    expect(channelsFor('grant.requested', {})).toEqual(['email', 'slack']);
    expect(channelsFor('grant.requested', { emergency: { justification: 'x' } })).toEqual([]);
    expect(channelsFor('grant.started', { emergency: true })).toEqual(['email', 'slack']);
    expect(channelsFor('grant.started', { expiresAt: 'x' })).toEqual([]);
  });

  it('tells the requester of decisions and a timed-out request, not of a withdrawal of their own', () => {
    for (const kind of ['grant.approved', 'grant.denied', 'grant.revoked'])
      expect(channelsFor(kind, {})).toEqual(['email', 'slack']);
    expect(channelsFor('grant.cancelled', { cause: 'pending_limit' })).toEqual(['email', 'slack']);
    expect(channelsFor('grant.cancelled', {})).toEqual([]);
  });

  it('posts the outcome note when there is an outcome, and nothing for access events', () => {
    expect(channelsFor('grant.ended', { outcome: { summary: 's' } })).toEqual(['ticket_note']);
    expect(channelsFor('grant.ended', { outcome: null })).toEqual([]);
    expect(channelsFor('grant.outcome_recorded', {})).toEqual(['ticket_note']);
    expect(channelsFor('access.events', {})).toEqual([]);
  });
});
