import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Input } from '@zendeskgarden/react-forms';
import type { GrantToken } from '../api/api-client.js';
import { useApi } from '../api/api-provider.js';
import { formatTime, scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Row } from '../ui/layout.js';
import { useSubmit } from '../use-submit.js';

const ts = scoped('ticket_sidebar.token');

/** A grant token for internal tools, on request: read-only, copyable, valid until the grant ends. */
export function GrantTokenPanel({ grantId }: { grantId: string }) {
  const api = useApi();
  const [token, setToken] = useState<GrantToken | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const [copied, setCopied] = useState(false);
  const canCopy = typeof navigator !== 'undefined' && Boolean(navigator.clipboard);

  async function fetchToken() {
    const issued = await run(() => api.grantToken(grantId));
    if (issued) setToken(issued);
  }

  async function copy(value: string) {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <div data-testid="grant-token">
      {token ? (
        <Field>
          <Field.Label>{ts('label')}</Field.Label>
          <Field.Hint>{ts('hint')}</Field.Hint>
          <Row style={{ flexWrap: 'nowrap' }}>
            <Input name="grantToken" isCompact readOnly value={token.token} onFocus={(e) => e.target.select()} />
            {canCopy && (
              <Button size="small" onClick={() => void copy(token.token)}>
                {copied ? ts('copied') : ts('copy')}
              </Button>
            )}
          </Row>
          <Muted>{ts('expires', { time: formatTime(token.expiresAt) })}</Muted>
        </Field>
      ) : (
        <Button size="small" onClick={() => void fetchToken()} disabled={busy}>
          {ts('get')}
        </Button>
      )}
      <ErrorAlert error={error} />
    </div>
  );
}
