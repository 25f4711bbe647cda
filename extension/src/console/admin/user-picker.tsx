import { useEffect, useState } from 'react';
import { Combobox, Field, Option } from '@zendeskgarden/react-dropdowns';
import type { DirectoryUser } from '../../../../shared/users.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';

const ts = scoped('nav_bar.settings');

interface UserPickerProps {
  name: string;
  label: string;
  hint: string;
  value: string[];
  onChange(ids: string[]): void;
  /** The field's messages (errors from the server), shown under it. */
  messages: string[];
}

const labelOf = (u: Pick<DirectoryUser, 'id' | 'name'>) => (u.name && u.name !== u.id ? `${u.name} (${u.id})` : u.id);

/**
 * Picks users from the tenant's directory (`GET /v1/users`): type part of a name, id or e-mail;
 * the chosen users show as tags. Only directory users can be picked, so no id is mistyped.
 */
export function UserPicker({ name, label, hint, value, onChange, messages }: UserPickerProps) {
  const api = useApi();
  const [text, setText] = useState('');
  const [found, setFound] = useState<DirectoryUser[]>([]);
  const [known, setKnown] = useState<Record<string, DirectoryUser>>({});

  // Names for the ids already chosen (the settings hold ids only).
  const missing = value.filter((id) => !known[id]).join(',');
  useEffect(() => {
    if (!missing) return;
    void api.users({ ids: missing.split(',') }).then(
      (users) => setKnown((k) => ({ ...k, ...Object.fromEntries(users.map((u) => [u.id, u])) })),
      () => {},
    );
  }, [api, missing]);

  // Search as the admin types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      void api.users({ text: text.trim() || undefined }).then(
        (users) => {
          setFound(users);
          setKnown((k) => ({ ...k, ...Object.fromEntries(users.map((u) => [u.id, u])) }));
        },
        () => setFound([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [api, text]);

  const foundIds = new Set(found.map((u) => u.id));
  const invalid = messages.length > 0;
  return (
    <Field>
      <Field.Label>{label}</Field.Label>
      <Field.Hint>{hint}</Field.Hint>
      <Combobox
        isAutocomplete
        isMultiselectable
        isCompact
        maxTags={20}
        inputProps={{ name }}
        inputValue={text}
        selectionValue={value}
        validation={invalid ? 'error' : undefined}
        data-testid={`picker-${name}`}
        onChange={(changes) => {
          if (changes.inputValue !== undefined) setText(changes.inputValue);
          if (Array.isArray(changes.selectionValue)) {
            onChange(changes.selectionValue.map(String));
            setText('');
          }
        }}
      >
        {value.map((id) => (
          // Chosen users stay as (hidden) options, so their tags keep their names while the list shows a search.
          <Option
            key={`chosen-${id}`}
            value={id}
            label={labelOf(known[id] ?? { id, name: id })}
            isHidden={!foundIds.has(id)}
          />
        ))}
        {found
          .filter((u) => !value.includes(u.id))
          .map((u) => (
            <Option key={u.id} value={u.id} label={labelOf(u)}>
              {labelOf(u)}
              {u.email ? ` · ${u.email}` : ''}
            </Option>
          ))}
        {found.length === 0 && text.trim() !== '' && <Option isDisabled value="" label={ts('no_users', { text })} />}
      </Combobox>
      {messages.map((m) => (
        <Field.Message key={m} validation="error">
          {label}: {m}
        </Field.Message>
      ))}
    </Field>
  );
}
