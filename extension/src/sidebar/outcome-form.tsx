import { useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Radio, Textarea } from '@zendeskgarden/react-forms';
import type { Grant, Outcome } from '../../../shared/grants.js';
import { formatDuration } from '../../../shared/time.js';
import { ApiError } from '../api/api-error.js';
import { useApi } from '../api/api-provider.js';
import { useHost } from '../host/host-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Heading, Stack } from '../ui/layout.js';
import { useSubmit } from '../use-submit.js';

/** Hidden from sight but not from assistive technology (the `hidden` attribute hides it from both). */
const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const ts = scoped('ticket_sidebar.outcome');

/** The internal note that tells the ticket what happened with the data. */
export function outcomeComment(grant: Grant, outcome: Outcome): string {
  return ts('comment_body', {
    grantId: grant.id,
    customerId: grant.customerId,
    systems: grant.systems.join(', '),
    duration: formatDuration(grant.durationSeconds ?? 0),
    summary: outcome.summary,
    changed: outcome.changedData ? `yes — ${outcome.changes ?? ''}` : 'no',
    exposed: outcome.exposedBeyondScope ? `yes — ${outcome.exposureDetails ?? ''}` : 'no',
    followUps: outcome.followUps ? `\nFollow-ups: ${outcome.followUps}` : '',
  });
}

export interface EndResult {
  grant: Grant;
  commentError: string | null;
}

/**
 * End the session (or, after expiry, record its outcome) and post the outcome to the ticket as an
 * internal comment (on Zendesk the server posts it). The grant is ended first: a failed comment must
 * never keep access open.
 */
export function OutcomeForm({
  grant,
  expired,
  onEnded,
}: {
  grant: Grant;
  expired: boolean;
  onEnded(result: EndResult): void;
}) {
  const api = useApi();
  const host = useHost();
  const [summary, setSummary] = useState('');
  const [changedData, setChangedData] = useState(false);
  const [changes, setChanges] = useState('');
  const [exposed, setExposed] = useState(false);
  const [exposureDetails, setExposureDetails] = useState('');
  const [followUps, setFollowUps] = useState('');
  const { busy, error, run } = useSubmit();
  const issue = (p: string) => (error instanceof ApiError ? error.issueFor(`outcome.${p}`) : undefined);
  const ready = summary.trim() && (!changedData || changes.trim()) && (!exposed || exposureDetails.trim());

  async function submit(e: FormEvent) {
    e.preventDefault();
    const outcome: Outcome = {
      summary: summary.trim(),
      changedData,
      exposedBeyondScope: exposed,
      ...(changedData ? { changes: changes.trim() } : {}),
      ...(exposed ? { exposureDetails: exposureDetails.trim() } : {}),
      ...(followUps.trim() ? { followUps: followUps.trim() } : {}),
    };
    await run(async () => {
      const ended = await api.end(grant.id, outcome);
      let commentError: string | null = null;
      // On Zendesk the server posts the note through its outbox, with retry, whatever happens to
      // this page (server/notifications/); elsewhere the host posts it from here.
      if (host.kind !== 'zendesk') {
        await host.postInternalComment(ended.ticket.id, outcomeComment(ended, outcome)).catch((err: unknown) => {
          commentError = err instanceof Error ? err.message : String(err);
        });
      }
      onEnded({ grant: ended, commentError });
    });
  }

  return (
    <form onSubmit={submit} aria-label={ts('heading')}>
      <Stack>
        <Heading as="h3">{ts('heading')}</Heading>
        <Field>
          <Field.Label>{ts('summary')}</Field.Label>
          <Textarea
            name="summary"
            minRows={2}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
            validation={issue('summary') ? 'error' : undefined}
          />
        </Field>
        <Fieldset>
          {/* Read by screen readers, not shown: the two options speak for themselves on screen. */}
          <Fieldset.Legend style={VISUALLY_HIDDEN}>{ts('changed_legend')}</Fieldset.Legend>
          {[false, true].map((v) => (
            <Field key={String(v)}>
              <Radio
                name="changedData"
                value={String(v)}
                checked={changedData === v}
                onChange={() => setChangedData(v)}
              >
                <Field.Label isRegular>{v ? ts('changed_data') : ts('changed_nothing')}</Field.Label>
              </Radio>
            </Field>
          ))}
        </Fieldset>
        {changedData && (
          <Field>
            <Field.Label>{ts('changes')}</Field.Label>
            <Textarea name="changes" minRows={2} value={changes} onChange={(e) => setChanges(e.target.value)} />
          </Field>
        )}
        <Field>
          <Checkbox name="exposedBeyondScope" checked={exposed} onChange={(e) => setExposed(e.target.checked)}>
            <Field.Label isRegular>{ts('exposed')}</Field.Label>
          </Checkbox>
        </Field>
        {exposed && (
          <Field>
            <Field.Label>{ts('exposure_details')}</Field.Label>
            <Textarea
              name="exposureDetails"
              minRows={2}
              value={exposureDetails}
              onChange={(e) => setExposureDetails(e.target.value)}
            />
          </Field>
        )}
        <Field>
          <Field.Label>{ts('follow_ups')}</Field.Label>
          <Textarea name="followUps" minRows={1} value={followUps} onChange={(e) => setFollowUps(e.target.value)} />
        </Field>
        <ErrorAlert error={error} />
        <Button type="submit" isPrimary={expired} isDanger={!expired} isStretched disabled={!ready || busy}>
          {expired ? ts('submit_expired') : ts('submit')}
        </Button>
      </Stack>
    </form>
  );
}
