import { useMemo, useState } from 'react';
import { Combobox, Field, Option } from '@zendeskgarden/react-dropdowns';
import { scoped } from '../../i18n.js';

const ts = scoped('nav_bar.settings');

/** Every IANA zone the browser knows; UTC first, since it is the default. */
function timeZones(): string[] {
  const zones = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}

/** At most this many options at once: typing narrows the list. */
const SHOWN = 60;

/** Picks the business-hours time zone from the browser's list, narrowed as the admin types. */
export function TimeZonePicker(props: { value: string; onChange(zone: string): void; messages: string[] }) {
  const all = useMemo(timeZones, []);
  const [text, setText] = useState<string | null>(null);
  const needle = (text ?? '').trim().toLowerCase().replace(/\s+/g, '_');
  const matches = needle ? all.filter((z) => z.toLowerCase().includes(needle)) : all;
  const shown = matches.slice(0, SHOWN);
  if (!shown.includes(props.value)) shown.unshift(props.value);
  const label = ts('time_zone');
  return (
    <Field>
      <Field.Label>{label}</Field.Label>
      <Combobox
        isAutocomplete
        isCompact
        inputProps={{ name: 'timeZone' }}
        inputValue={text ?? props.value}
        selectionValue={props.value}
        validation={props.messages.length > 0 ? 'error' : undefined}
        onChange={(changes) => {
          if (changes.inputValue !== undefined) setText(changes.inputValue);
          if (typeof changes.selectionValue === 'string') {
            props.onChange(changes.selectionValue);
            setText(null);
          }
          // Closing the list without a pick shows the chosen zone again.
          if (changes.isExpanded === false && changes.selectionValue === undefined) setText(null);
        }}
      >
        {shown.map((zone) => (
          <Option key={zone} value={zone} label={zone} />
        ))}
        {matches.length === 0 && <Option isDisabled value="" label={ts('no_time_zone', { text: text ?? '' })} />}
      </Combobox>
      <Field.Hint>{ts('time_zone_hint')}</Field.Hint>
      {props.messages.map((m) => (
        <Field.Message key={m} validation="error">
          {label}: {m}
        </Field.Message>
      ))}
    </Field>
  );
}
