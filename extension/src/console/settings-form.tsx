import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Fieldset, Input } from '@zendeskgarden/react-forms';
import { Alert } from '@zendeskgarden/react-notifications';
import { ApiError } from '../api/api-error.js';
import { useApi } from '../api/api-provider.js';
import { scoped } from '../i18n.js';
import { ErrorAlert } from '../ui/error-alert.js';
import { FieldGrid, Row, Stack } from '../ui/layout.js';
import { useAsync } from '../use-async.js';
import { fromForm, toForm, type SettingsFormValues } from './settings-values.js';

const ts = scoped('nav_bar.settings');

type Key = keyof SettingsFormValues;
/** Each form field, the settings path the server names in `issues[].path`, and its label. */
const GROUPS: Array<{ legend: string; fields: Array<[Key, string, string]> }> = [
  {
    legend: 'expiry',
    fields: [
      ['defaultDurationMinutes', 'defaultDurationMinutes', 'default_duration'],
      ['maxDurationMinutes', 'maxDurationMinutes', 'max_duration'],
      ['allowedDurationsMinutes', 'allowedDurationsMinutes', 'allowed_durations'],
      ['startWindowMinutes', 'startWindowMinutes', 'start_window'],
    ],
  },
  {
    legend: 'approval',
    fields: [
      ['approvers', 'approvers', 'approvers'],
      ['afterHoursApprovers', 'afterHoursApprovers', 'after_hours'],
    ],
  },
  {
    legend: 'business_hours',
    fields: [
      ['days', 'businessHours.days', 'days'],
      ['start', 'businessHours.start', 'start'],
      ['end', 'businessHours.end', 'end'],
      ['timeZone', 'businessHours.timeZone', 'time_zone'],
    ],
  },
  {
    legend: 'review',
    fields: [
      ['systems', 'systems', 'systems'],
      ['longSessionMinutes', 'reviewThresholds.longSessionMinutes', 'long_session'],
      ['broadAccessRecords', 'reviewThresholds.broadAccessRecords', 'broad_access'],
      ['retentionDays', 'retentionDays', 'retention'],
    ],
  },
];

/** Admins edit the tenant's rules, expiry first; the server's validation messages show per field. */
export function SettingsForm() {
  const api = useApi();
  const loaded = useAsync(() => api.settings(), [api]);
  const [values, setValues] = useState<SettingsFormValues | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (loaded.data) setValues(toForm(loaded.data));
  }, [loaded.data]);
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!values) return null;
  const issue = (path: string) =>
    error instanceof ApiError
      ? error.issues
          .filter((i) => i.path === path || i.path.startsWith(`${path}.`))
          .map((i) => i.message)
          .join('; ')
      : '';

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    try {
      const next = await api.saveSettings(fromForm(values!));
      setValues(toForm(next));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form onSubmit={save} aria-label="settings" data-testid="settings-form">
      <Stack>
        {GROUPS.map((g) => (
          <Fieldset key={g.legend}>
            <Fieldset.Legend>{ts(g.legend)}</Fieldset.Legend>
            <FieldGrid>
              {g.fields.map(([key, path, label]) => (
                <Field key={key}>
                  <Field.Label>{ts(label)}</Field.Label>
                  <Input
                    name={key}
                    isCompact
                    value={values[key]}
                    validation={issue(path) ? 'error' : undefined}
                    onChange={(e) => setValues({ ...values, [key]: e.target.value })}
                  />
                  {issue(path) && <Field.Message validation="error">{issue(path)}</Field.Message>}
                </Field>
              ))}
            </FieldGrid>
          </Fieldset>
        ))}
        {error instanceof ApiError && error.status === 403 ? (
          <Alert type="warning">
            <Alert.Paragraph>{ts('admins_only')}</Alert.Paragraph>
          </Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        {saved && (
          <Alert type="success">
            <Alert.Paragraph>{ts('saved')}</Alert.Paragraph>
          </Alert>
        )}
        <Row>
          <Button type="submit" isPrimary>
            {ts('save')}
          </Button>
        </Row>
      </Stack>
    </form>
  );
}
