import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Fieldset, Input, Select, Textarea } from '@zendeskgarden/react-forms';
import { Modal } from '@zendeskgarden/react-modals';
import { Alert } from '@zendeskgarden/react-notifications';
import { styled } from 'styled-components';
import { ApiError } from '../../api/api-error.js';
import { useApi } from '../../api/api-provider.js';
import { formatTime, scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { FieldGrid, Heading, Muted, Row, Stack } from '../../ui/layout.js';
import { emptyDraft, fromQueryDraft, toQueryDraft, type QueryDraft } from './query-draft.js';
import { MaskingTable, ParamsTable } from './query-lists.js';
import { QueryTestPanel } from './query-test-panel.js';
import { useUnsavedChanges } from './unsaved-changes.js';

const tq = scoped('nav_bar.saved_queries');

const Sql = styled(Textarea)`
  font-family: ${(p) => p.theme.fonts.mono};
  font-size: ${(p) => p.theme.fontSizes.sm};
`;

type TextKey = 'title' | 'description' | 'customerParam' | 'rowLimit' | 'timeoutMs';

/** Server paths → the label the editor shows them under. */
const LABELS: Record<string, string> = {
  name: 'name',
  title: 'query_title',
  description: 'description',
  system: 'system',
  sql: 'sql',
  customerParam: 'customer_param',
  rowLimit: 'row_limit',
  timeoutMs: 'timeout',
  params: 'params',
  fields: 'masking',
};
const labelOf = (path: string) => {
  const [head = path, ...rest] = path.split('.');
  return LABELS[head] ? `${tq(LABELS[head])}${rest.length ? ` (${rest.join('.')})` : ''}` : path;
};

/** One saved query: its SQL, parameters and masking; save, delete and test-run, each audited. */
export function SavedQueryEditor(props: {
  name: string | null;
  systems: string[];
  onBack(): void;
  onDone(message: string): void;
}) {
  const api = useApi();
  const [name, setName] = useState(props.name ?? '');
  const [saved, setSaved] = useState<QueryDraft | null>(props.name ? null : emptyDraft(props.systems[0] ?? ''));
  const [draft, setDraft] = useState<QueryDraft | null>(saved);
  const [meta, setMeta] = useState<{ by: string; at: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  useEffect(() => {
    if (!props.name) return;
    void api.savedQuery(props.name).then((q) => {
      setSaved(toQueryDraft(q));
      setDraft(toQueryDraft(q));
      setMeta({ by: q.updatedBy, at: q.updatedAt });
    }, setError);
  }, [api, props.name]);
  const dirty = Boolean(draft && saved && (JSON.stringify(draft) !== JSON.stringify(saved) || (!props.name && name)));
  useUnsavedChanges(dirty);
  if (!draft) return <ErrorAlert error={error} />;
  const set = (patch: Partial<QueryDraft>) => setDraft({ ...draft, ...patch });
  const issues = error instanceof ApiError && error.status === 400 ? error.issues : [];
  const text = (key: TextKey, label: string, type = 'text') => (
    <Field key={key}>
      <Field.Label>{tq(label)}</Field.Label>
      <Input isCompact name={key} type={type} value={draft[key]} onChange={(e) => set({ [key]: e.target.value })} />
    </Field>
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api.saveQuery(name, fromQueryDraft(draft!));
      setSaved(draft);
      props.onDone(tq('saved', { name }));
    } catch (err) {
      setError(err);
    }
  }
  async function remove() {
    setConfirming(false);
    try {
      await api.deleteQuery(name);
      setSaved(draft);
      props.onDone(tq('deleted', { name }));
    } catch (err) {
      setError(err);
    }
  }

  return (
    <Stack data-testid="saved-query-editor">
      <Row>
        <Button isBasic onClick={props.onBack}>
          ← {tq('back')}
        </Button>
      </Row>
      <Heading as="h2">{props.name ?? tq('new')}</Heading>
      {meta && <Muted>{tq('updated', { at: formatTime(meta.at), by: meta.by })}</Muted>}
      <form onSubmit={save} aria-label={props.name ?? tq('new')} noValidate>
        <Stack>
          {issues.length > 0 && (
            <Alert type="error" role="alert" data-testid="query-problems">
              {issues.map((i) => (
                <Alert.Paragraph key={`${i.path}:${i.message}`}>
                  {labelOf(i.path)}: {i.message}
                </Alert.Paragraph>
              ))}
            </Alert>
          )}
          <FieldGrid>
            <Field>
              <Field.Label>{tq('name')}</Field.Label>
              <Field.Hint>{tq('name_hint')}</Field.Hint>
              <Input
                isCompact
                name="name"
                value={name}
                readOnly={Boolean(props.name)}
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
            {text('title', 'query_title')}
            <Field>
              <Field.Label>{tq('system')}</Field.Label>
              <Select isCompact name="system" value={draft.system} onChange={(e) => set({ system: e.target.value })}>
                {props.systems.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </Select>
            </Field>
          </FieldGrid>
          {text('description', 'description')}
          <Field>
            <Field.Label>{tq('sql')}</Field.Label>
            <Field.Hint>{tq('sql_hint', { customerParam: draft.customerParam || 'customer_id' })}</Field.Hint>
            <Sql name="sql" minRows={6} maxRows={20} value={draft.sql} onChange={(e) => set({ sql: e.target.value })} />
          </Field>
          <FieldGrid>
            {text('customerParam', 'customer_param')}
            {text('rowLimit', 'row_limit', 'number')}
            {text('timeoutMs', 'timeout', 'number')}
          </FieldGrid>
          <Fieldset>
            <Fieldset.Legend>{tq('params')}</Fieldset.Legend>
            <ParamsTable params={draft.params} onChange={(params) => set({ params })} />
          </Fieldset>
          <Fieldset>
            <Fieldset.Legend>{tq('masking')}</Fieldset.Legend>
            <Muted>{tq('masking_hint')}</Muted>
            <MaskingTable fields={draft.fields} onChange={(fields) => set({ fields })} />
          </Fieldset>
          {!(error instanceof ApiError && error.status === 400) && <ErrorAlert error={error} />}
          <Row>
            <Button type="submit" isPrimary disabled={!name}>
              {tq('save')}
            </Button>
            {props.name && (
              <Button isDanger onClick={() => setConfirming(true)}>
                {tq('delete')}
              </Button>
            )}
          </Row>
        </Stack>
      </form>
      <QueryTestPanel name={name} draft={draft} />
      {confirming && (
        <Modal onClose={() => setConfirming(false)}>
          <Modal.Header tag="h2" isDanger>
            {tq('delete_title', { name })}
          </Modal.Header>
          <Modal.Body>{tq('delete_body')}</Modal.Body>
          <Modal.Footer>
            <Modal.FooterItem>
              <Button isBasic onClick={() => setConfirming(false)}>
                {tq('cancel')}
              </Button>
            </Modal.FooterItem>
            <Modal.FooterItem>
              <Button isPrimary isDanger onClick={remove}>
                {tq('delete')}
              </Button>
            </Modal.FooterItem>
          </Modal.Footer>
          <Modal.Close aria-label={tq('cancel')} />
        </Modal>
      )}
    </Stack>
  );
}
