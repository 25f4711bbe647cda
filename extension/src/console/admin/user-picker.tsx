import { useCallback, useEffect, useState } from 'react';
import { Combobox, Field, Option } from '@zendeskgarden/react-dropdowns';
import { Tag } from '@zendeskgarden/react-tags';
import { styled } from 'styled-components';
import type { DirectoryUser } from '../../../../shared/users.js';
import { useApi } from '../../api/api-provider.js';
import { scoped } from '../../i18n.js';
import { Row } from '../../ui/layout.js';

const ts = scoped('nav_bar.settings');

const Chosen = styled(Row)`
  margin-bottom: ${(p) => p.theme.space.xs};
`;

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
 * Picks users from the tenant's directory (`GET /v1/users`): type part of a name, id or e-mail and
 * pick one; the chosen users show as removable tags. Only directory users can be picked, so no id
 * is mistyped.
 */
export function UserPicker({ name, label, hint, value, onChange, messages }: UserPickerProps) {
  const api = useApi();
  const [text, setText] = useState('');
  const [found, setFound] = useState<DirectoryUser[]>([]);
  const [known, setKnown] = useState<Record<string, DirectoryUser>>({});
  const remember = useCallback(
    (users: DirectoryUser[]) => setKnown((k) => ({ ...k, ...Object.fromEntries(users.map((u) => [u.id, u])) })),
    [],
  );

  // Names for the ids already chosen (the settings hold ids only).
  const missing = value.filter((id) => !known[id]).join(',');
  useEffect(() => {
    if (!missing) return;
    void api.users({ ids: missing.split(',') }).then(remember, () => {});
  }, [api, missing, remember]);

  // Search as the admin types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => {
      void api.users({ text: text.trim() || undefined }).then(
        (users) => {
          setFound(users);
          remember(users);
        },
        () => setFound([]),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [api, text, remember]);

  const options = found.filter((u) => !value.includes(u.id));
  return (
    <Field>
      <Field.Label>{label}</Field.Label>
      <Chosen role="list" aria-label={label} data-testid={`chosen-${name}`}>
        {value.map((id) => (
          <Tag key={id} role="listitem" size="large" hue={messages.length ? 'dangerHue' : undefined}>
            <span>{labelOf(known[id] ?? { id, name: id })}</span>
            <Tag.Close
              aria-label={ts('remove', { item: labelOf(known[id] ?? { id, name: id }) })}
              onClick={() => onChange(value.filter((v) => v !== id))}
            />
          </Tag>
        ))}
      </Chosen>
      <Combobox
        isAutocomplete
        isCompact
        inputProps={{ name }}
        inputValue={text}
        selectionValue={null}
        validation={messages.length > 0 ? 'error' : undefined}
        onChange={(changes) => {
          if (typeof changes.selectionValue === 'string' && changes.selectionValue) {
            onChange([...value, changes.selectionValue]);
            setText('');
          } else if (changes.inputValue !== undefined) setText(changes.inputValue);
        }}
      >
        {options.map((u) => (
          <Option key={u.id} value={u.id} label={labelOf(u)}>
            {labelOf(u)}
            {u.email ? ` · ${u.email}` : ''}
          </Option>
        ))}
        {options.length === 0 && <Option isDisabled value="" label={ts('no_users', { text })} />}
      </Combobox>
      <Field.Hint>{hint}</Field.Hint>
      {messages.map((m) => (
        <Field.Message key={m} validation="error">
          {label}: {m}
        </Field.Message>
      ))}
    </Field>
  );
}
