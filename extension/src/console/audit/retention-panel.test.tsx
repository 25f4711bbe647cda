// @vitest-environment jsdom
import '../../test-support/dom-stubs.js';
import { cleanup, render, screen, within } from '@testing-library/react';
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuditRetention } from '../../../../shared/audit.js';
import { ApiError } from '../../api/api-error.js';
import type { ApiClient } from '../../api/api-client.js';
import { ApiProvider } from '../../api/api-provider.js';
import { RetentionPanel } from './retention-panel.js';

afterEach(cleanup);

const march = {
  id: '2025-03-000000000001-000000000042',
  periodStart: '2025-03-01T00:00:00.000Z',
  periodEnd: '2025-04-01T00:00:00.000Z',
  fromSeq: 1,
  toSeq: 42,
  rowCount: 42,
  closingHash: 'ab'.repeat(32),
  createdAt: '2025-04-01T01:00:00.000Z',
  location: '/mnt/audit/demo/archives/2025-03-000000000001-000000000042/',
};
const april = {
  ...march,
  id: '2025-04-000000000043-000000000070',
  periodStart: '2025-04-01T00:00:00.000Z',
  fromSeq: 43,
  toSeq: 70,
  rowCount: 28,
  createdAt: '2025-05-01T01:00:00.000Z',
  location: '/mnt/audit/demo/archives/2025-04/',
};

function renderPanel(auditRetention: () => Promise<AuditRetention>) {
  const api = { auditRetention: vi.fn(auditRetention) } as unknown as ApiClient;
  render(
    <ThemeProvider>
      <ApiProvider api={api}>
        <RetentionPanel />
      </ApiProvider>
    </ThemeProvider>,
  );
  return api;
}

describe('console, audit: the retention panel', () => {
  it('shows the retention period, the last archive, every archive and what was purged when and by whom', async () => {
    renderPanel(async () => ({
      retentionDays: 90,
      cutoff: '2025-04-21T10:00:00.000Z',
      lastArchive: april,
      archives: [march, april],
      purges: [
        {
          fromSeq: 1,
          toSeq: 42,
          archives: [march.id],
          cutoff: '2025-04-21T10:00:00.000Z',
          rows: 42,
          grants: 3,
          accessEvents: 3,
          purgedAt: '2025-07-20T10:00:00.000Z',
          purgedBy: 'system',
        },
      ],
    }));
    expect((await screen.findByTestId('retention-period')).textContent).toBe(
      'Retention period: 90 days. Rows written before 21 Apr 2025 are purged once a sealed archive covers them.',
    );
    const last = screen.getByTestId('retention-last-archive');
    expect(last.textContent).toContain('April 2025: seq 43–70 (28 rows), sealed 1 May 2025');
    expect(last.textContent).toContain('Stored outside the database at /mnt/audit/demo/archives/2025-04/');
    const rows = within(screen.getByTestId('archive-table')).getAllByRole('row');
    expect(rows.slice(1).map((r) => r.textContent)).toEqual([
      expect.stringMatching(/April 2025.*Kept$/),
      expect.stringMatching(/March 2025.*Purged$/),
    ]);
    const purges = screen.getByTestId('retention-purges').textContent;
    expect(purges).toContain('by system: seq 1–42 (42 rows, 3 sessions, 3 access events), archived in March 2025');
    expect(purges).toContain('npm run archive:query');
  });

  it('says what happens next when nothing is archived or purged yet', async () => {
    renderPanel(async () => ({
      retentionDays: 2555,
      cutoff: '2019-12-05T10:00:00.000Z',
      lastArchive: null,
      archives: [],
      purges: [],
    }));
    expect((await screen.findByTestId('retention-last-archive')).textContent).toContain(
      'No archive yet. The first is sealed once a full calendar month has passed',
    );
    expect(screen.queryByTestId('archive-table')).toBeNull();
    expect(screen.getByTestId('retention-purges').textContent).toContain('Nothing purged yet');
  });

  it("shows the server's message when it refuses", async () => {
    renderPanel(async () => {
      throw new ApiError(403, 'forbidden', 'Only leads, admins and auditors can read the audit trail');
    });
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Only leads, admins and auditors can read the audit trail',
    );
  });
});
