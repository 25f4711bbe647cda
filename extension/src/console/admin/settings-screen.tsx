import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Checkbox, Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { getColor } from '@zendeskgarden/react-theming';
import { styled } from 'styled-components';
import { WEEKDAYS } from '../../../../shared/time.js';
import { ApiError } from '../../api/api-error.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { ErrorAlert } from '../../ui/error-alert.js';
import { FieldGrid, Heading, Row, Stack } from '../../ui/layout.js';
import { useAsync } from '../../use-async.js';
import { ChipList } from './chip-list.js';
import { FieldMessages, LabelledField } from './settings-fields.js';
import {
  FIELDS,
  fromDraft,
  issuesByField,
  labelOf,
  toDraft,
  type DraftKey,
  type SettingsDraft,
} from './settings-draft.js';
import { TimeZonePicker } from './time-zone-picker.js';
import { useUnsavedChanges } from './unsaved-changes.js';
import { UserPicker } from './user-picker.js';

const ts = scoped('nav_bar.settings');
const fieldId = (key: DraftKey) => `setting-${key}`;

const Days = styled(Row)`
  gap: ${(p) => p.theme.space.md};
`;

/** Garden greys a time input's text as if it were a placeholder; it is the value. */
const TimeInput = styled(Input)`
  color: ${(p) => getColor({ theme: p.theme, variable: 'foreground.default' })};
  &::-webkit-datetime-edit { color: inherit; }
`;

const Problems = styled.ul`
  margin: ${(p) => p.theme.space.xs} 0 0;
  padding-left: ${(p) => p.theme.space.md};
`;

/**
 * Admins edit the tenant's rules with real controls: directory pickers for approvers, a time-zone
 * list, a toggle per business day, durations and systems as chips. A save shows every problem the
 * server names at once — above the form and under each field, with the field's label — and
 * leaving with unsaved edits asks first.
 */
export function SettingsScreen() {
  const api = useApi();
  const loaded = useAsync(() => api.settings(), [api]);
  const [saved, setSaved] = useState<SettingsDraft | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!loaded.data) return;
    setSaved(toDraft(loaded.data));
    setDraft(toDraft(loaded.data));
  }, [loaded.data]);
  const dirty = Boolean(draft && saved && JSON.stringify(draft) !== JSON.stringify(saved));
  useUnsavedChanges(dirty);

  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!draft) return null;
  const issues = error instanceof ApiError && error.status === 400 ? issuesByField(error.issues) : new Map();
  const messagesOf = (key: DraftKey): string[] => issues.get(key) ?? [];
  const set = <K extends DraftKey>(key: K, value: SettingsDraft[K]) => {
    setDone(false);
    setDraft({ ...draft, [key]: value });
  };

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setDone(false);
    setError(null);
    try {
      const next = toDraft(await api.saveSettings(fromDraft(draft!)));
      setSaved(next);
      setDraft(next);
      setDone(true);
    } catch (err) {
      setError(err);
      // The summary names every problem; move there so keyboard and screen-reader users hear it.
      requestAnimationFrame(() => summary.current?.focus());
    } finally {
      setBusy(false);
    }
  }

  const numberField = (key: DraftKey, hint?: string) => (
    <LabelledField key={key} id={fieldId(key)} label={labelOf(key)} hint={hint} messages={messagesOf(key)}>
      {(invalid) => (
        <Input
          id={fieldId(key)}
          name={key}
          type="number"
          inputMode="numeric"
          isCompact
          value={draft[key] as string}
          validation={invalid ? 'error' : undefined}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </LabelledField>
  );

  // In the order the fields stand on screen; problems no field claims come last.
  const order = (key: DraftKey | null) => (key ? Object.keys(FIELDS).indexOf(key) : Number.MAX_SAFE_INTEGER);
  const problems = [...issues.entries()]
    .sort(([a], [b]) => order(a) - order(b))
    .flatMap(([key, messages]) =>
      messages.map((m: string) => ({ key: key as DraftKey | null, text: key ? `${labelOf(key)}: ${m}` : m })),
    );

  return (
    <form onSubmit={save} aria-label={ts('title')} data-testid="settings-form" noValidate>
      <Stack>
        <Heading as="h2">{ts('title')}</Heading>
        {problems.length > 0 && (
          <div ref={summary} tabIndex={-1} data-testid="settings-problems">
            <Alert type="error" role="alert">
              <Alert.Title>{ts('problems', { count: problems.length })}</Alert.Title>
              <Problems>
                {problems.map((p) => (
                  <li key={p.text}>{p.key ? <a href={`#${fieldId(p.key)}`}>{p.text}</a> : p.text}</li>
                ))}
              </Problems>
            </Alert>
          </div>
        )}
        <Fieldset>
          <Fieldset.Legend>{ts('expiry')}</Fieldset.Legend>
          <FieldGrid>
            {numberField('defaultDurationMinutes')}
            {numberField('maxDurationMinutes')}
            {numberField('startWindowMinutes', ts('start_window_hint'))}
          </FieldGrid>
          <LabelledField
            id={fieldId('allowedDurationsMinutes')}
            label={labelOf('allowedDurationsMinutes')}
            hint={ts('allowed_durations_hint')}
            messages={messagesOf('allowedDurationsMinutes')}
          >
            {(invalid) => (
              <ChipList<number>
                id={fieldId('allowedDurationsMinutes')}
                values={draft.allowedDurationsMinutes}
                parse={(text) => (/^\d+$/.test(text.trim()) && Number(text) > 0 ? Number(text) : null)}
                onChange={(v) =>
                  set(
                    'allowedDurationsMinutes',
                    [...v].sort((a, b) => a - b),
                  )
                }
                addLabel={ts('add_duration')}
                inputLabel={ts('add_duration_label')}
                removeLabel={(v) => ts('remove', { item: `${v}` })}
                inputType="number"
                invalid={invalid}
              />
            )}
          </LabelledField>
        </Fieldset>

        <Fieldset>
          <Fieldset.Legend>{ts('approval')}</Fieldset.Legend>
          <FieldGrid>
            {(['approvers', 'afterHoursApprovers'] as const).map((key) => (
              <div key={key} id={fieldId(key)}>
                <UserPicker
                  name={key}
                  label={labelOf(key)}
                  hint={ts(key === 'approvers' ? 'approvers_hint' : 'after_hours_hint')}
                  value={draft[key]}
                  onChange={(ids) => set(key, ids)}
                  messages={messagesOf(key)}
                />
              </div>
            ))}
          </FieldGrid>
        </Fieldset>

        <Fieldset>
          <Fieldset.Legend>{ts('business_hours')}</Fieldset.Legend>
          <Fieldset id={fieldId('days')} data-testid="business-days">
            <Fieldset.Legend>{labelOf('days')}</Fieldset.Legend>
            <Days>
              {WEEKDAYS.map((day) => (
                <Field key={day}>
                  <Checkbox
                    name={`day-${day}`}
                    checked={draft.days.includes(day)}
                    onChange={(e) =>
                      set(
                        'days',
                        WEEKDAYS.filter((d) => (d === day ? e.target.checked : draft.days.includes(d))),
                      )
                    }
                  >
                    <Field.Label>{ts(`weekday.${day}`)}</Field.Label>
                  </Checkbox>
                </Field>
              ))}
            </Days>
            <FieldMessages label={labelOf('days')} messages={messagesOf('days')} />
          </Fieldset>
          <FieldGrid>
            {(['start', 'end'] as const).map((key) => (
              <LabelledField
                key={key}
                id={fieldId(key)}
                label={labelOf(key)}
                hint={key === 'end' ? ts('end_hint') : undefined}
                messages={messagesOf(key)}
              >
                {(invalid) => (
                  <TimeInput
                    id={fieldId(key)}
                    name={key}
                    type="time"
                    isCompact
                    value={draft[key]}
                    validation={invalid ? 'error' : undefined}
                    onChange={(e) => set(key, e.target.value)}
                  />
                )}
              </LabelledField>
            ))}
            <div id={fieldId('timeZone')}>
              <TimeZonePicker
                value={draft.timeZone}
                onChange={(z) => set('timeZone', z)}
                messages={messagesOf('timeZone')}
              />
            </div>
          </FieldGrid>
        </Fieldset>

        <Fieldset>
          <Fieldset.Legend>{ts('review')}</Fieldset.Legend>
          <LabelledField id={fieldId('systems')} label={labelOf('systems')} messages={messagesOf('systems')}>
            {(invalid) => (
              <ChipList<string>
                id={fieldId('systems')}
                values={draft.systems}
                parse={(text) => text.trim() || null}
                onChange={(v) => set('systems', v)}
                addLabel={ts('add_system')}
                inputLabel={ts('add_system_label')}
                removeLabel={(v) => ts('remove', { item: v })}
                invalid={invalid}
              />
            )}
          </LabelledField>
          <FieldGrid>
            {numberField('longSessionMinutes')}
            {numberField('broadAccessRecords')}
            {numberField('retentionDays')}
          </FieldGrid>
        </Fieldset>

        {error instanceof ApiError && error.status === 403 ? (
          <Alert type="warning">
            <Alert.Paragraph>{ts('admins_only')}</Alert.Paragraph>
          </Alert>
        ) : (
          !(error instanceof ApiError && error.status === 400) && <ErrorAlert error={error} />
        )}
        {done && (
          <Alert type="success" role="status">
            <Alert.Paragraph>{ts('saved')}</Alert.Paragraph>
          </Alert>
        )}
        <Row>
          <Button type="submit" isPrimary disabled={busy}>
            {ts('save')}
          </Button>
          <Button
            disabled={!dirty || busy}
            onClick={() => {
              setDraft(saved);
              setError(null);
            }}
          >
            {ts('discard')}
          </Button>
          {dirty && <span data-testid="unsaved-note">{ts('unsaved')}</span>}
        </Row>
      </Stack>
    </form>
  );
}
