import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { Body, Close, Footer, FooterItem, Header, Modal } from '@zendeskgarden/react-modals';
import { Alert } from '@zendeskgarden/react-notifications';
import type { Grant, GrantDetail } from '../../../shared/grants.js';
import { useApi } from '../api/api-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { Row, Stack } from '../ui/layout.js';
import { useSubmit } from '../use-submit.js';
import { consoleApi, saveFile } from './console-api.js';
import { sessionCsv } from './session-facts.js';

const ts = scoped('nav_bar.session');

/** Revoke with a reason, confirmed in a modal; the reason goes to the trail. */
export function RevokeButton({ grant, onDone }: { grant: Pick<Grant, 'id' | 'requester' | 'ticket'>; onDone(): void }) {
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, error, run } = useSubmit();
  const revoke = () =>
    run(async () => {
      await consoleApi(api).revoke(grant.id, reason.trim());
      setOpen(false);
      onDone();
    });
  return (
    <>
      <Button isDanger size="small" onClick={() => setOpen(true)} data-testid="revoke">
        {ts('revoke')}
      </Button>
      {open && (
        <Modal onClose={() => setOpen(false)} aria-label={ts('revoke_title')} data-testid="revoke-modal">
          <Header tag="h2">{ts('revoke_title')}</Header>
          <Body>
            <Stack>
              <p>{ts('revoke_body', { who: grant.requester.name, ticket: grant.ticket.id })}</p>
              <Field>
                <Field.Label>{ts('revoke_reason')}</Field.Label>
                <Textarea name="revokeReason" minRows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
              </Field>
              <ErrorAlert error={error} />
            </Stack>
          </Body>
          <Footer>
            <FooterItem>
              <Button isBasic onClick={() => setOpen(false)}>
                {ts('cancel')}
              </Button>
            </FooterItem>
            <FooterItem>
              <Button isPrimary isDanger disabled={busy || !reason.trim()} onClick={() => void revoke()}>
                {ts('revoke_confirm')}
              </Button>
            </FooterItem>
          </Footer>
          <Close aria-label={ts('close')} />
        </Modal>
      )}
    </>
  );
}

/** A lead's verdict on a flagged session that is over; a new verdict replaces the last (the trail keeps both). */
export function ReviewForm({ grant, onDone }: { grant: Pick<Grant, 'id'>; onDone(): void }) {
  const api = useApi();
  const [note, setNote] = useState('');
  const { busy, error, run } = useSubmit();
  const review = (verdict: 'ok' | 'concern') =>
    run(async () => {
      await api.review(grant.id, { verdict, note: note.trim() });
      setNote('');
      onDone();
    });
  return (
    <Stack data-testid="review-form">
      <Field>
        <Field.Label>{ts('review_note')}</Field.Label>
        <Field.Hint>{ts('review_hint')}</Field.Hint>
        <Textarea name="reviewNote" minRows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      </Field>
      <ErrorAlert error={error} />
      <Row>
        <Button size="small" isPrimary disabled={busy || note.trim().length < 3} onClick={() => void review('ok')}>
          {ts('verdict_ok')}
        </Button>
        <Button size="small" isDanger disabled={busy || note.trim().length < 3} onClick={() => void review('concern')}>
          {ts('verdict_concern')}
        </Button>
      </Row>
    </Stack>
  );
}

/** While a flagged session is still open it cannot be reviewed: say so, and offer revoke. */
export function OpenReviewNotice(p: { grant: Grant; canRevoke: boolean; onDone(): void }) {
  const { grant, canRevoke, onDone } = p;
  return (
    <Alert type="warning" data-testid="review-while-open">
      <Alert.Paragraph>{ts('review_when_over', { status: grant.status })}</Alert.Paragraph>
      {canRevoke && (
        <Alert.Paragraph>
          <RevokeButton grant={grant} onDone={onDone} />
        </Alert.Paragraph>
      )}
    </Alert>
  );
}

/** The session's record as JSON, CSV, or a printable page. */
export function ExportButtons({ grant }: { grant: GrantDetail }) {
  return (
    <Row data-testid="session-export">
      <Button
        size="small"
        onClick={() => saveFile(`${grant.id}.json`, `${JSON.stringify(grant, null, 2)}\n`, 'application/json')}
      >
        {ts('export_json')}
      </Button>
      <Button size="small" onClick={() => saveFile(`${grant.id}.csv`, sessionCsv(grant), 'text/csv')}>
        {ts('export_csv')}
      </Button>
      <Button size="small" onClick={() => window.print()}>
        {ts('print')}
      </Button>
    </Row>
  );
}
