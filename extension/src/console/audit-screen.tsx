import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Dots, Progress } from '@zendeskgarden/react-loaders';
import { Alert } from '@zendeskgarden/react-notifications';
import type { VerifyResult } from '../../../shared/audit.js';
import { useApi } from '../api/api-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Dl, Muted, Row, Stack } from '../ui/layout.js';
import { useSubmit } from '../use-submit.js';
import { RetentionPanel } from './audit/retention-panel.js';
import { consoleApi, saveFile, verifyWithProgress } from './console-api.js';
import { Card, ScreenTitle, SubTitle } from './screen-parts.js';

const ts = scoped('nav_bar.audit');

function VerifyResultView({ r }: { r: VerifyResult }) {
  return (
    <Alert type={r.ok ? 'success' : 'error'} role="status" data-testid="verify-result" data-ok={String(r.ok)}>
      <Alert.Title>{r.ok ? ts('ok_title') : ts('broken_title')}</Alert.Title>
      <Alert.Paragraph>{ts('checked', { count: r.checked })}</Alert.Paragraph>
      {r.firstBroken && (
        <Alert.Paragraph data-testid="first-broken">
          {ts('first_broken', { seq: r.firstBroken.seq, id: r.firstBroken.id, reason: r.firstBroken.reason })}
        </Alert.Paragraph>
      )}
      {r.findings.map((f) => (
        <Alert.Paragraph key={`${f.kind}${f.fromSeq}`}>
          {f.kind}: {f.message}
        </Alert.Paragraph>
      ))}
      <Alert.Paragraph data-testid="verify-scope">
        {r.scope.kind === 'incremental' ? ts('scope_incremental', { seq: r.scope.fromSeq }) : ts('scope_full')}
        {r.anchor ? ` ${r.anchor.note}` : ''}
      </Alert.Paragraph>
      {r.lastFullWalk && (
        <Alert.Paragraph data-testid="last-full-walk">
          {ts(r.lastFullWalk.ok ? 'last_full_walk_ok' : 'last_full_walk_broken', {
            at: new Date(r.lastFullWalk.finishedAt).toLocaleString('en-GB'),
            count: r.lastFullWalk.checked,
            seq: r.lastFullWalk.firstBroken?.seq ?? '',
          })}
        </Alert.Paragraph>
      )}
      <Dl>
        <dt>{ts('head')}</dt>
        <dd>{r.head ? `#${r.head.seq} ${r.head.hash.slice(0, 16)}…` : '—'}</dd>
        <dt>{ts('checkpoint')}</dt>
        <dd>
          {r.checkpoint
            ? ts('checkpoint_at', {
                seq: r.checkpoint.seq,
                at: new Date(r.checkpoint.signedAt).toLocaleString('en-GB'),
                kid: r.checkpoint.kid,
              })
            : ts('no_checkpoint')}
        </dd>
      </Dl>
    </Alert>
  );
}

/** Auditors verify the hash chain and take the evidence exports from here. */
export function AuditScreen() {
  const api = useApi();
  const verify = useSubmit();
  const exporting = useSubmit();
  const [progress, setProgress] = useState<{ checked: number; total: number } | null>(null);
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [exported, setExported] = useState<string | null>(null);

  const run = () =>
    verify.run(async () => {
      setResult(null);
      setProgress({ checked: 0, total: 0 });
      const r = await verifyWithProgress(api, (checked, total) => setProgress({ checked, total }));
      setProgress({ checked: r.checked, total: r.checked });
      setResult(r);
    });
  const download = (format: 'jsonl' | 'csv') =>
    exporting.run(async () => {
      setExported(null);
      const text = await consoleApi(api).auditExport(format);
      saveFile(`audit-export.${format}`, text, format === 'csv' ? 'text/csv' : 'application/jsonl');
      setExported(ts('exported', { format, kb: (new Blob([text]).size / 1024).toFixed(1) }));
    });
  const percent = progress && progress.total > 0 ? Math.round((progress.checked / progress.total) * 100) : null;

  return (
    <Stack data-testid="screen-audit">
      <ScreenTitle>{ts('title')}</ScreenTitle>
      <Card>
        <SubTitle>{ts('verify_title')}</SubTitle>
        <Muted>{ts('verify_help')}</Muted>
        <Row>
          <Button isPrimary size="small" onClick={() => void run()} disabled={verify.busy} data-testid="verify">
            {verify.busy ? ts('verifying') : ts('verify')}
          </Button>
        </Row>
        {verify.busy && (
          <Stack data-testid="verify-progress">
            {percent === null ? (
              <Dots aria-label={ts('progress')} />
            ) : (
              <Progress value={percent} aria-label={ts('progress')} />
            )}
            <Muted>
              {percent === null
                ? ts('working')
                : ts('progress_of', { checked: progress?.checked ?? 0, total: progress?.total ?? 0 })}
            </Muted>
          </Stack>
        )}
        <ErrorAlert error={verify.error} />
        {result && <VerifyResultView r={result} />}
      </Card>
      <Card>
        <SubTitle>{ts('export_title')}</SubTitle>
        <Muted>{ts('export_help')}</Muted>
        <Row>
          <Button
            size="small"
            onClick={() => void download('jsonl')}
            disabled={exporting.busy}
            data-testid="export-jsonl"
          >
            {ts('export_jsonl')}
          </Button>
          <Button size="small" onClick={() => void download('csv')} disabled={exporting.busy} data-testid="export-csv">
            {ts('export_csv')}
          </Button>
        </Row>
        {exporting.busy && <Dots aria-label={ts('downloading')} />}
        {exported && (
          <Alert type="success" role="status" data-testid="exported">
            <Alert.Paragraph>{exported}</Alert.Paragraph>
          </Alert>
        )}
        <ErrorAlert error={exporting.error} />
      </Card>
      <Card>
        <RetentionPanel />
      </Card>
    </Stack>
  );
}
