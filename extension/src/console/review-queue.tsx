import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { Alert, Well } from '@zendeskgarden/react-notifications';
import type { Session } from '../../../shared/grants.js';
import { ApiError } from '../api/api-error.js';
import { useApi } from '../api/api-provider.js';
import type { ApiClient } from '../api/api-client.js';
import { scoped } from '../i18n.js';
import { SessionCard } from '../sidebar/history-list.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Muted, Row, Stack } from '../ui/layout.js';
import { useAsync } from '../use-async.js';

const ts = scoped('nav_bar.reviews');

/**
 * The queue from `GET /v1/reviews?state=flagged`. Until the server has it (404), flagged sessions
 * from the history stand in, read-only, so leads still see what needs a look.
 */
async function loadQueue(api: ApiClient): Promise<{ sessions: Session[]; interim: boolean }> {
  try {
    return { sessions: await api.flaggedReviews(), interim: false };
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404)) throw err;
    const all = await api.searchSessions({});
    return { sessions: all.filter((s) => s.flags.length > 0 && !s.open), interim: true };
  }
}

function ReviewItem({ session, interim, onDone }: { session: Session; interim: boolean; onDone(): void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const review = async (verdict: 'ok' | 'concern') => {
    try {
      await api.review(session.id, { verdict, note: note.trim() });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Well data-testid={`review-${session.id}`}>
      <Stack>
        <Muted>
          #{session.ticket.id} · {session.customerId} · {session.systems.join(', ')} · {session.access}
        </Muted>
        <SessionCard session={session} />
        {session.flags.map((f) => (
          <Muted key={f.code}>
            <strong>{f.code}</strong>: {f.reason}
          </Muted>
        ))}
        <Field>
          <Field.Label>{ts('note')}</Field.Label>
          <Textarea
            name="reviewNote"
            minRows={1}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            disabled={interim}
          />
        </Field>
        <ErrorAlert error={error} />
        <Row>
          <Button size="small" isPrimary disabled={interim || !note.trim()} onClick={() => review('ok')}>
            {ts('ok')}
          </Button>
          <Button size="small" isDanger disabled={interim || !note.trim()} onClick={() => review('concern')}>
            {ts('concern')}
          </Button>
        </Row>
      </Stack>
    </Well>
  );
}

export function ReviewQueue() {
  const api = useApi();
  const queue = useAsync(() => loadQueue(api), [api]);
  if (queue.error) return <ErrorAlert error={queue.error} />;
  if (!queue.data) return <Muted>{ts('empty')}</Muted>;
  const { sessions, interim } = queue.data;
  return (
    <Stack data-testid="review-queue">
      {interim && (
        <Alert type="info">
          <Alert.Paragraph>{ts('interim')}</Alert.Paragraph>
        </Alert>
      )}
      {sessions.length === 0 && <Muted>{ts('empty')}</Muted>}
      {sessions.map((s) => (
        <ReviewItem key={s.id} session={s} interim={interim} onDone={() => void queue.reload()} />
      ))}
    </Stack>
  );
}
